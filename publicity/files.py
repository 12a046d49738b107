"""Publicity's stored files, served through views rather than from the media folder.

The media folder also holds suggestion attachments and other private files, so it is never served as
a whole outside development. A cover, poster, video or periodical PDF is sent only after its object
has been checked: on the portal it must be public (a published article, a public issue or video),
on the staff side the user needs a publicity permission.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from publicity import selectors
from publicity.models import Article, PeriodicalIssue, Video
from publicity.workflow import EDIT, REVIEW
from renda.core.viewhelpers import any_permission, file_response

# kind in the URL -> (model, field, the queryset of what the public may see)
FILES = {
    "article-cover": (Article, "cover", selectors.public_articles),
    "issue-cover": (PeriodicalIssue, "cover", selectors.public_periodicals),
    "issue-pdf": (PeriodicalIssue, "pdf", selectors.public_periodicals),
    "video-file": (Video, "file", selectors.public_videos),
    "video-poster": (Video, "poster", selectors.public_videos),
}
ONE_DAY = 24 * 60 * 60


def _field(kind, obj):
    if kind not in FILES:
        raise Http404
    return getattr(obj, FILES[kind][1])


def _download(kind, obj):
    if kind == "issue-pdf":
        return file_response(obj.pdf, filename=f"{obj.display_title}.pdf", content_type="application/pdf")
    return file_response(_field(kind, obj))


@require_safe
def public_file(request, kind, pk):
    """A public object's file, for anyone; anything not public answers 404 like a missing file."""
    if kind not in FILES:
        raise Http404
    _model, _name, public = FILES[kind]
    obj = get_object_or_404(public(), pk=pk)
    response = _download(kind, obj)
    response["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response


@require_safe
@any_permission(EDIT, REVIEW)
def staff_file(request, kind, pk):
    """Any publicity file, drafts included, for the publicity staff and reviewers."""
    if kind not in FILES:
        raise Http404
    model, _name, _public = FILES[kind]
    obj = get_object_or_404(model, pk=pk)
    response = _download(kind, obj)
    response["Cache-Control"] = "private, no-store"
    return response
