"""The suggestion row locked for a write, refused when it changed since the page was shown.

The suggestion uses the project's optimistic locking (renda.core.versions): a page carries
`version_of(suggestion)`, a digest of the row's stored values, and every service of filing and
handling locks the row with `suggestion_locked` before it looks at anything else. A stale version is
refused with `SuggestionChanged`, an EditConflict, so nothing is written and
renda.core.viewhelpers.saved_or_none handles it like any other record's conflict.
"""

from django.utils.translation import gettext_lazy as _

from proposals.models import Suggestion
from renda.core.versions import EditConflict, check_version, locked_at

# The suggestion pages keep their own words rather than core's CHANGED_MEANWHILE: that one says the
# form now shows what is saved, while here it is a button in a list (submit, withdraw, take up for
# review, decide) or an action form that keeps what was typed, and the user looks again first.
CONFLICT = _("Someone else changed this suggestion a moment ago. Look at it again before you go on.")


class SuggestionChanged(EditConflict):
    """The suggestion changed since the page was shown; `current` is the locked, current row."""

    def __init__(self, current: Suggestion):
        super().__init__(current)
        self.message = CONFLICT


def check_suggestion(current: Suggestion, version: str | None) -> None:
    """Refuse with SuggestionChanged when `version` is not the locked row's (no version: not checked,
    e.g. a service called from a command or a batch)."""
    try:
        check_version(current, version)
    except EditConflict as exc:
        raise SuggestionChanged(exc.current) from None


def suggestion_locked(suggestion: Suggestion, version: str | None = None) -> Suggestion:
    """The suggestion's row locked for update, refused if it moved on since `version`."""
    try:
        return locked_at(Suggestion, suggestion.pk, version)
    except EditConflict as exc:
        raise SuggestionChanged(exc.current) from None
