"""Small pieces every app's views use: permission checks, pagination, and service errors on forms."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from renda.core.once import ALREADY_SENT, made_once
from renda.core.versions import EditConflict
from renda.core.workflow import IllegalMove

PAGE_SIZE = 25
SAVED = _("Saved.")


def any_permission(*perms):
    """Signed-in users holding at least one of `perms`; others get 403, anonymous users the login page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def file_response(fieldfile, *, filename=None, content_type=None):
    """A stored file as the response: an attachment named `filename` when one is given (FileResponse
    writes a Chinese name as filename*=utf-8''…), shown in the page otherwise; 404 when it is gone.
    Stored files are only ever sent this way, after the view has checked who may see them."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except OSError:
        raise Http404 from None
    if filename:
        return FileResponse(
            handle, as_attachment=True, filename=filename.replace("/", "-"), content_type=content_type
        )
    return FileResponse(handle, content_type=content_type)


def posted(request):
    """The POST data of a form submission, even an empty one; None on GET so the form is unbound."""
    return request.POST if request.method == "POST" else None


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The list's query string without `page`, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or above the form when it names none."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def saved_or_none(request, form, save, *, done, success=SAVED, illegal_to=None):
    """The POST half of a form page: when the form is valid call `save(form)` (a service).

    On success flash `success` (a message, or a function of obj) and redirect to `done(obj)` (a URL,
    a URL name or a model), obj being what `save` returned. Otherwise return None, with a service's
    refusal put on the form, so that the view renders the form page again:
    `return saved_or_none(...) or render(...)`. With `illegal_to`, a move the object's state no
    longer allows (IllegalMove) is flashed and redirects there. A record someone else saved since the
    form was opened (EditConflict, see renda.core.versions) leaves the form showing the current values;
    a create form posted again with its one-time token (renda.core.once) leads to what it made first.
    """
    if request.method == "POST" and form.is_valid():
        try:
            token = form.cleaned_data.get("once") if "once" in form.fields else None
            obj, new = made_once(token, request.user, lambda: save(form))
            if not new:
                messages.info(request, ALREADY_SENT)
                return redirect(done(obj))
        except EditConflict as exc:
            # Someone saved the record since this form was opened: show what is there now.
            if hasattr(form, "show_current"):
                form.show_current(exc.current)
            else:
                add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IllegalMove as exc:
            if illegal_to is None:
                raise
            messages.error(request, exc.message)
            return redirect(illegal_to)
        else:
            messages.success(request, success(obj) if callable(success) else success)
            return redirect(done(obj))
    return None
