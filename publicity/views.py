"""Staff pages of publicity under /publicity/: articles and their review, columns, the periodical,
videos, outside publications with correspondents and the yearly ranking, and published results.

Every view states its permission. Reading the registers needs either publicity permission (an
editor or a reviewer); writing needs publicity.edit_publicity; reviewing, publishing and
withdrawing articles need publicity.review_publicity.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from publicity import files, selectors, services
from publicity.forms import (
    ArticleFilterForm,
    ArticleForm,
    ColumnForm,
    CorrespondentForm,
    ExternalPublicationForm,
    HonourForm,
    PeriodicalIssueForm,
    PublicationFilterForm,
    PublishForm,
    ResultForm,
    ResultWithdrawForm,
    ReturnForm,
    VideoForm,
    WithdrawForm,
)
from publicity.markdown import render_markdown
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    Video,
)
from publicity.workflow import EDIT, EDITABLE, MOVES, PERMISSIONS, RESULT_EVENTS, REVIEW
from renda.core import params
from renda.core.viewhelpers import (
    PAGE_SIZE,
    any_permission,
    paginate,
    query_without_page,
    saved_or_none,
)
from renda.core.workflow import IllegalMove, allowed_actions, transitions_of
from renda.core.xlsx import xlsx_response


def _form_page(request, form, *, title, cancel_url, submit_label=None, intro="", crumbs=(), multipart=False):
    return render(
        request,
        "publicity/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label or _("Save"),
            "intro": intro,
            "crumbs": crumbs,
            "multipart": multipart,
        },
    )


def _register_form(request, form, save, *, register, crumb, title, multipart=False, done=None):
    """The create or edit page of a register's row: saved through `save`, then back to the register."""
    register_url = reverse(register)
    response = saved_or_none(request, form, save, done=done or (lambda saved: register_url))
    return response or _form_page(
        request,
        form,
        title=title,
        cancel_url=register_url,
        crumbs=[(crumb, register_url)],
        multipart=multipart,
    )


def _register_page(request, template, queryset, *, per_page=PAGE_SIZE):
    """A paginated register list; `can_edit` shows the buttons of the editors."""
    return render(
        request,
        template,
        {
            "page_obj": paginate(request, queryset, per_page=per_page),
            "query": query_without_page(request),
            "can_edit": request.user.has_perm(EDIT),
        },
    )


def _model_fields(form) -> dict:
    """The cleaned values of the model's own fields, without the form's extra file fields."""
    return {k: form.cleaned_data[k] for k in form.Meta.fields}


def _crumb_articles():
    return (_("Publicity"), reverse("publicity:index"))


# Articles ------------------------------------------------------------------------------------------


def _filtered_articles(request, form):
    qs = selectors.article_list()
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    now = timezone.now()
    if data["state"] == "scheduled":
        qs = qs.filter(state=Article.State.PUBLISHED, published_at__gt=now)
    elif data["state"]:
        qs = qs.filter(state=data["state"])
    if data["column"]:
        qs = qs.filter(column=data["column"])
    if data["year"]:
        qs = qs.filter(
            Q(published_at__year=data["year"]) | Q(published_at__isnull=True, created_at__year=data["year"])
        )
    if data["q"]:
        qs = qs.filter(
            Q(title__icontains=data["q"]) | Q(body__icontains=data["q"]) | Q(author__icontains=data["q"])
        )
    return qs


def _article_years():
    years = {d.year for d in Article.objects.dates("created_at", "year")}
    years |= {
        d.year for d in Article.objects.filter(published_at__isnull=False).dates("published_at", "year")
    }
    return sorted(years, reverse=True)


@any_permission(EDIT, REVIEW)
def article_list(request):
    form = ArticleFilterForm(request.GET or None, years=_article_years())
    page = paginate(request, _filtered_articles(request, form))
    return render(
        request,
        "publicity/article_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "query": query_without_page(request),
            "now": timezone.now(),
            "can_edit": request.user.has_perm(EDIT),
            "waiting": selectors.articles_awaiting_review().count(),
        },
    )


@any_permission(EDIT, REVIEW)
def review_queue(request):
    page = paginate(request, selectors.articles_awaiting_review())
    return render(
        request,
        "publicity/review_queue.html",
        {"page_obj": page, "query": query_without_page(request), "now": timezone.now()},
    )


def _article_form_page(request, form, *, article=None, preview=None):
    title = _("Edit article") if article else _("New article")
    return render(
        request,
        "publicity/article_form.html",
        {
            "form": form,
            "article": article,
            "title": title,
            "preview": preview,
            "cancel_url": article.get_absolute_url() if article else reverse("publicity:index"),
            "crumbs": [_crumb_articles()],
        },
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def article_create(request):
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "preview" in request.POST:
        return _article_form_page(request, form, preview=render_markdown(request.POST.get("body", "")))
    response = saved_or_none(
        request,
        form,
        lambda f: services.article_create(
            data=f.cleaned_data, cover=f.cleaned_data.get("cover"), by=request.user
        ),
        done=lambda article: article,
    )
    return response or _article_form_page(request, form)


@login_required
@permission_required(EDIT, raise_exception=True)
def article_edit(request, pk):
    article = get_object_or_404(selectors.article_list(), pk=pk)
    if article.state not in EDITABLE:
        messages.error(request, services.NOT_EDITABLE)
        return redirect(article)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and "preview" in request.POST:
        return _article_form_page(
            request, form, article=article, preview=render_markdown(request.POST.get("body", ""))
        )
    response = saved_or_none(
        request,
        form,
        lambda f: services.article_update(
            article=article,
            data=f.cleaned_data,
            cover=f.cleaned_data.get("cover"),
            remove_cover=f.cleaned_data.get("remove_cover", False),
            by=request.user,
        ),
        done=lambda saved: saved,
    )
    return response or _article_form_page(request, form, article=article)


@require_POST
@any_permission(EDIT, REVIEW)
def article_preview(request):
    """The rendered HTML of a Markdown body, for the preview beside the editor (htmx)."""
    return render(
        request, "publicity/_preview.html", {"preview": render_markdown(request.POST.get("body", ""))}
    )


def _timeline(obj, labels):
    return [
        {"at": t.at, "label": labels.get(t.action, t.action), "by": t.by, "note": t.note}
        for t in transitions_of(obj).order_by("at", "pk")
    ]


@any_permission(EDIT, REVIEW)
def article_detail(request, pk):
    article = get_object_or_404(selectors.article_list(), pk=pk)
    now = timezone.now()
    labels = {**{k: str(v.label) for k, v in MOVES.items()}, "created": _("created")}
    actions = [
        (a, MOVES[a].label)
        for a in allowed_actions(article, MOVES)
        if request.user.has_perm(PERMISSIONS[a])
        and not (a == "publish" and article.created_by_id == request.user.pk)
    ]
    return render(
        request,
        "publicity/article_detail.html",
        {
            "article": article,
            "actions": actions,
            "own_article": article.created_by_id == request.user.pk,
            "can_edit": request.user.has_perm(EDIT) and article.state in EDITABLE,
            "scheduled": article.state == Article.State.PUBLISHED and article.published_at > now,
            "now": now,
            "timeline": _timeline(article, labels),
            "crumbs": [_crumb_articles()],
        },
    )


@require_POST
@any_permission(EDIT, REVIEW)
def article_act(request, pk, action):
    """Moves that need no form: submit for review, take back to draft."""
    if action not in ("submit", "redraft"):
        raise Http404
    article = get_object_or_404(selectors.article_list(), pk=pk)
    if not request.user.has_perm(PERMISSIONS[action]):
        raise PermissionDenied
    service = services.article_submit if action == "submit" else services.article_redraft
    try:
        service(article=article, by=request.user)
    except IllegalMove as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Submitted for review.") if action == "submit" else _("The article is a draft again.")
        )
    return redirect(article)


def _review_action(request, pk, *, form_class, title, submit_label, run, success, intro=""):
    article = get_object_or_404(selectors.article_list(), pk=pk)
    form = form_class(request.POST or None)
    response = saved_or_none(
        request,
        form,
        lambda f: run(article, f.cleaned_data),
        done=lambda saved: article,
        success=success,
        illegal_to=article,
    )
    return response or _form_page(
        request,
        form,
        title=title % {"title": article.title},
        cancel_url=article.get_absolute_url(),
        submit_label=submit_label,
        intro=intro,
        crumbs=[_crumb_articles(), (article.title, article.get_absolute_url())],
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def article_publish(request, pk):
    return _review_action(
        request,
        pk,
        form_class=PublishForm,
        title=_("Approve and publish “%(title)s”"),
        submit_label=_("Approve and publish"),
        run=lambda a, d: services.article_publish(article=a, by=request.user, at=d["at"], note=d["note"]),
        success=_("The article is approved."),
        intro=_("The author cannot approve their own article: a second person reviews it."),
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def article_return(request, pk):
    return _review_action(
        request,
        pk,
        form_class=ReturnForm,
        title=_("Return “%(title)s” to draft"),
        submit_label=_("Return to draft"),
        run=lambda a, d: services.article_return(article=a, by=request.user, note=d["note"]),
        success=_("The article was returned to its author."),
    )


@login_required
@permission_required(REVIEW, raise_exception=True)
def article_withdraw(request, pk):
    return _review_action(
        request,
        pk,
        form_class=WithdrawForm,
        title=_("Withdraw “%(title)s”"),
        submit_label=_("Withdraw"),
        run=lambda a, d: services.article_withdraw(article=a, by=request.user, reason=d["reason"]),
        success=_("The article was withdrawn from the portal."),
        intro=_("A withdrawn article can be taken back to draft and must then pass review again."),
    )


# Columns -------------------------------------------------------------------------------------------


@any_permission(EDIT, REVIEW)
def column_list(request):
    return render(
        request,
        "publicity/column_list.html",
        {"columns": selectors.column_list(), "can_edit": request.user.has_perm(EDIT)},
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def column_form(request, pk=None):
    column = get_object_or_404(Column, pk=pk) if pk else None
    form = ColumnForm(request.POST or None, instance=column)
    return _register_form(
        request,
        form,
        lambda f: services.column_save(
            column=column, data=_model_fields(f), version=f.cleaned_data["version"]
        ),
        register="publicity:column_list",
        crumb=_("Columns"),
        title=_("Edit column") if column else _("New column"),
    )


# Periodical issues ---------------------------------------------------------------------------------


@any_permission(EDIT, REVIEW)
def issue_list(request):
    return _register_page(
        request, "publicity/issue_list.html", PeriodicalIssue.objects.order_by("-year", "-number")
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def issue_form(request, pk=None):
    issue = get_object_or_404(PeriodicalIssue, pk=pk) if pk else None
    form = PeriodicalIssueForm(request.POST or None, request.FILES or None, instance=issue)
    return _register_form(
        request,
        form,
        lambda f: services.issue_save(
            issue=issue,
            data=_model_fields(f),
            pdf=f.cleaned_data.get("pdf"),
            cover=f.cleaned_data.get("cover"),
            version=f.cleaned_data["version"],
        ),
        register="publicity:issue_list",
        crumb=_("Periodical"),
        title=_("Edit periodical issue") if issue else _("New periodical issue"),
        multipart=True,
    )


@any_permission(EDIT, REVIEW)
def issue_pdf(request, pk):
    return files.staff_file(request, "issue-pdf", pk)


# Videos --------------------------------------------------------------------------------------------


@any_permission(EDIT, REVIEW)
def video_list(request):
    return _register_page(
        request, "publicity/video_list.html", Video.objects.order_by("-made_on", "-pk"), per_page=12
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def video_form(request, pk=None):
    video = get_object_or_404(Video, pk=pk) if pk else None
    form = VideoForm(request.POST or None, request.FILES or None, instance=video)
    return _register_form(
        request,
        form,
        lambda f: services.video_save(
            video=video,
            data=_model_fields(f),
            file=f.cleaned_data.get("file"),
            poster=f.cleaned_data.get("poster"),
            version=f.cleaned_data["version"],
        ),
        register="publicity:video_list",
        crumb=_("Videos"),
        title=_("Edit video") if video else _("New video"),
        multipart=True,
    )


# External publications and correspondents ---------------------------------------------------------


@any_permission(EDIT, REVIEW)
def publication_list(request):
    form = PublicationFilterForm(request.GET or None, years=selectors.publication_years())
    qs = selectors.external_publication_list()
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            qs = qs.filter(date__year=data["year"])
        if data["outlet"]:
            qs = qs.filter(outlet__icontains=data["outlet"])
        if data["correspondent"]:
            qs = qs.filter(correspondents=data["correspondent"])
        if data["q"]:
            qs = qs.filter(title__icontains=data["q"])
    page = paginate(request, qs)
    return render(
        request,
        "publicity/publication_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "query": query_without_page(request),
            "can_edit": request.user.has_perm(EDIT),
        },
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def publication_form(request, pk=None):
    publication = get_object_or_404(ExternalPublication, pk=pk) if pk else None
    form = ExternalPublicationForm(request.POST or None, instance=publication)
    return _register_form(
        request,
        form,
        lambda f: services.publication_save(
            publication=publication,
            data={k: v for k, v in _model_fields(f).items() if k != "correspondents"},
            correspondents=f.cleaned_data["correspondents"],
            version=f.cleaned_data["version"],
        ),
        register="publicity:publication_list",
        crumb=_("External publications"),
        title=_("Edit external publication") if publication else _("New external publication"),
    )


@any_permission(EDIT, REVIEW)
def correspondent_list(request):
    return render(
        request,
        "publicity/correspondent_list.html",
        {"correspondents": selectors.correspondent_list(), "can_edit": request.user.has_perm(EDIT)},
    )


@any_permission(EDIT, REVIEW)
def correspondent_detail(request, pk):
    correspondent = get_object_or_404(selectors.correspondent_list(), pk=pk)
    form = HonourForm(correspondent=correspondent)
    if request.method == "POST":
        if not request.user.has_perm(EDIT):
            raise PermissionDenied
        form = HonourForm(request.POST, correspondent=correspondent)
        response = saved_or_none(
            request,
            form,
            lambda f: services.honour_add(correspondent=correspondent, data=f.cleaned_data),
            done=lambda honour: reverse("publicity:correspondent_detail", args=[pk]),
        )
        if response is not None:
            return response
    return render(
        request,
        "publicity/correspondent_detail.html",
        {
            "correspondent": correspondent,
            "yearly": selectors.correspondent_yearly(correspondent),
            "honours": correspondent.honours.all(),
            "publications": correspondent.publications.order_by("-date", "-pk")[:50],
            "form": form,
            "can_edit": request.user.has_perm(EDIT),
        },
    )


@require_POST
@login_required
@permission_required(EDIT, raise_exception=True)
def honour_delete(request, pk):
    honour = get_object_or_404(Honour, pk=pk)
    services.honour_delete(honour=honour)
    messages.success(request, _("The honour was removed."))
    return redirect("publicity:correspondent_detail", pk=honour.correspondent_id)


@login_required
@permission_required(EDIT, raise_exception=True)
def correspondent_form(request, pk=None):
    correspondent = get_object_or_404(Correspondent, pk=pk) if pk else None
    form = CorrespondentForm(request.POST or None, instance=correspondent)
    return _register_form(
        request,
        form,
        lambda f: services.correspondent_save(
            correspondent=correspondent, data=_model_fields(f), version=f.cleaned_data["version"]
        ),
        register="publicity:correspondent_list",
        crumb=_("Correspondents"),
        title=_("Edit correspondent") if correspondent else _("New correspondent"),
        done=lambda saved: reverse("publicity:correspondent_detail", args=[saved.pk]),
    )


def _ranking_year(request) -> int:
    return params.year(request.GET) or timezone.localdate().year


@any_permission(EDIT, REVIEW)
def ranking(request):
    year = _ranking_year(request)
    years = sorted(set(selectors.publication_years()) | {year}, reverse=True)
    rows = selectors.correspondent_ranking(year)
    return render(
        request,
        "publicity/ranking.html",
        {"year": year, "years": years, "rows": rows, "total": sum(r.year_count for r in rows)},
    )


@any_permission(EDIT, REVIEW)
def ranking_xlsx(request):
    year = _ranking_year(request)
    headers = [_("Rank"), _("Correspondent"), _("Unit"), _("Publications"), _("Outlets"), _("Honours")]
    rows = [
        [
            i,
            r.name,
            str(r.unit or r.township or ""),
            r.year_count,
            "、".join(f"{outlet}（{n}）" for outlet, n in r.year_outlets),
            "、".join(r.year_honours),
        ]
        for i, r in enumerate(selectors.correspondent_ranking(year), start=1)
    ]
    title = _("Correspondents %(year)s") % {"year": year}
    return xlsx_response(f"{title}.xlsx", [(title, headers, rows)])


# Published handling results ------------------------------------------------------------------------


@any_permission(EDIT, REVIEW)
def result_list(request):
    page = paginate(request, selectors.published_result_list())
    return render(
        request,
        "publicity/result_list.html",
        {
            "page_obj": page,
            "query": query_without_page(request),
            "candidates": selectors.result_candidates()[:10],
            "candidate_count": selectors.result_candidates().count(),
            "can_edit": request.user.has_perm(EDIT),
        },
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def result_create(request, suggestion_pk):
    suggestion = get_object_or_404(selectors.result_candidates(), pk=suggestion_pk)
    reply = selectors.latest_reply(suggestion)
    form = ResultForm(request.POST or None, initial={"summary": reply.text if reply else ""})
    response = saved_or_none(
        request,
        form,
        lambda f: services.result_publish(
            suggestion=suggestion, summary=f.cleaned_data["summary"], by=request.user
        ),
        done=lambda saved: "publicity:result_list",
        success=_("The handling result is published on the portal."),
    )
    return response or render(
        request,
        "publicity/result_form.html",
        {"form": form, "suggestion": suggestion, "reply": reply, "title": _("Publish a handling result")},
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def result_edit(request, pk):
    result = get_object_or_404(selectors.published_result_list(), pk=pk)
    form = ResultForm(request.POST or None, result=result)
    response = saved_or_none(
        request,
        form,
        lambda f: services.result_update(
            result=result,
            summary=f.cleaned_data["summary"],
            by=request.user,
            version=f.cleaned_data["version"],
        ),
        done=lambda saved: "publicity:result_list",
    )
    return response or render(
        request,
        "publicity/result_form.html",
        {
            "form": form,
            "suggestion": result.suggestion,
            "reply": selectors.latest_reply(result.suggestion),
            "result": result,
            "timeline": _timeline(result, {k: str(v) for k, v in RESULT_EVENTS.items()}),
            "title": _("Edit a published handling result"),
        },
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def result_withdraw(request, pk):
    result = get_object_or_404(selectors.published_result_list(), pk=pk)
    form = ResultWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_withdraw(result=result, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The handling result is no longer shown on the portal."))
        return redirect("publicity:result_list")
    return _form_page(
        request,
        form,
        title=_("Withdraw the published result of “%(title)s”") % {"title": result.suggestion.title},
        cancel_url=reverse("publicity:result_list"),
        submit_label=_("Withdraw"),
        crumbs=[(_("Published results"), reverse("publicity:result_list"))],
    )


@require_POST
@login_required
@permission_required(EDIT, raise_exception=True)
def result_republish(request, pk):
    result = get_object_or_404(selectors.published_result_list(), pk=pk)
    try:
        services.result_republish(result=result, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The handling result is published on the portal."))
    return redirect("publicity:result_list")
