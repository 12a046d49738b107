"""The suggestions section of a deputy's duty record (履职档案): the suggestions they led, those they
co-signed (confirmed only) and the outcomes of the ones they led.

Registered in core's duty-record registry from ProposalsConfig.ready(), so that the deputies app,
which renders the record, never imports proposals. Drafts are the deputy's own working copies and
are left out; a year narrows to the suggestions of that year.
"""

from collections import Counter

from django.utils.translation import gettext as _

from proposals.models import Cosignature, Outcome, Policy, State, Suggestion
from renda.core.registry import DutySection, registry


def _filed(year):
    qs = (
        Suggestion.objects.exclude(state=State.DRAFT)
        .select_related("term", "session", "lead_deputy", "lead_unit")
        .order_by("-year", "sequence", "number", "-pk")
    )
    return qs.filter(year=year) if year else qs


def suggestions_section(deputy, *, year: int | None = None) -> DutySection:
    led = list(_filed(year).filter(lead_deputy=deputy))
    cosigned = list(
        _filed(year).filter(
            pk__in=Cosignature.objects.filter(deputy=deputy, state=Cosignature.State.CONFIRMED).values(
                "suggestion_id"
            )
        )
    )
    policy = Policy.current()
    for s in (*led, *cosigned):
        s.outcome_label = f"{s.outcome} {policy.outcome_label(s.outcome)}" if s.outcome else ""
    outcomes = Counter(s.outcome for s in led if s.outcome)
    by_outcome = [
        (f"{code} {policy.outcome_label(code)}", outcomes[code]) for code in Outcome.values if outcomes[code]
    ]
    awaiting = sum(1 for s in led if not s.outcome)
    led_role, cosigned_role = _("Lead deputy"), _("Co-signer")
    rows = [
        [
            role,
            s.number_label,
            s.title,
            s.get_state_display(),
            s.outcome_label,
            s.get_satisfaction_display(),
        ]
        for role, suggestions in ((led_role, led), (cosigned_role, cosigned))
        for s in suggestions
    ]
    return DutySection(
        key="proposals.suggestions",
        title=_("Suggestions"),
        template="proposals/_duty_suggestions.html",
        context={"led": led, "cosigned": cosigned, "by_outcome": by_outcome, "awaiting": awaiting},
        headers=[_("Role"), _("Number"), _("Title"), _("State"), _("Outcome"), _("Satisfaction")],
        rows=rows,
        count=len(led) + len(cosigned),
    )


def register() -> None:
    registry.add_duty_section("proposals.suggestions", suggestions_section, order=20)
