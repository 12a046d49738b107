"""The legal moves of an article and who may make them.

draft -> under_review (submit) -> published (publish, now or at a scheduled time) -> withdrawn.
A reviewer may return an article under review to draft with a note. A withdrawn article is not
final: it may be taken back to draft (redraft), edited, and must then pass review again before it
is public again; an article is never re-published without a second person's review.
"""

from django.utils.translation import gettext_lazy as _

from publicity.models import Article
from renda.core.workflow import Move

State = Article.State

EDIT = "publicity.edit_publicity"
REVIEW = "publicity.review_publicity"

MOVES = {
    "submit": Move(sources={State.DRAFT}, target=State.UNDER_REVIEW, label=_("submitted for review")),
    "publish": Move(sources={State.UNDER_REVIEW}, target=State.PUBLISHED, label=_("published")),
    "return": Move(sources={State.UNDER_REVIEW}, target=State.DRAFT, label=_("returned to draft")),
    "withdraw": Move(sources={State.PUBLISHED}, target=State.WITHDRAWN, label=_("withdrawn")),
    "redraft": Move(sources={State.WITHDRAWN}, target=State.DRAFT, label=_("taken back to draft")),
}

# The permission each move needs.
PERMISSIONS = {
    "submit": EDIT,
    "publish": REVIEW,
    "return": REVIEW,
    "withdraw": REVIEW,
    "redraft": EDIT,
}

# States in which the text may still be edited.
EDITABLE = {State.DRAFT}

# Labels of events recorded on a published result (a PublishedResult has no state field).
RESULT_EVENTS = {
    "publish": _("published"),
    "update": _("summary edited"),
    "withdraw": _("withdrawn"),
    "republish": _("published again"),
}
