"""Who may see which suggestions, in one place (forbidden ones answer 404 like missing ones); and what
other apps count: the filed suggestions, their confirmed co-signatures, the outcome categories."""

from django.db.models import Q, QuerySet

from proposals.models import Cosignature, Outcome, Policy, State, Suggestion


def suggestion_visible_to(user) -> QuerySet[Suggestion]:
    qs = Suggestion.objects.select_related(
        "term", "session", "lead_deputy", "lead_unit", "delegation", "supervising_leader"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.has_perm("proposals.view_all_suggestions"):
        return qs
    if user.unit_id and user.has_perm("accounts.act_as_unit"):
        # A unit sees what it leads or co-handles once assigned, never drafts or other units' items.
        return qs.filter(
            Q(lead_unit=user.unit_id) | Q(cohandling__unit=user.unit_id),
            assigned_at__isnull=False,
        ).distinct()
    deputy = getattr(user, "deputy", None) if user.has_perm("accounts.act_as_deputy") else None
    if deputy is None:
        return qs.none()
    # Co-signers see a suggestion once it is submitted, to confirm or decline, and keep seeing it
    # unless they declined.
    cosigned = Q(
        cosignature__deputy=deputy,
        cosignature__state__in=[Cosignature.State.INVITED, Cosignature.State.CONFIRMED],
    ) & ~Q(state=State.DRAFT)
    return qs.filter(Q(lead_deputy=deputy) | cosigned).distinct()


def filed_suggestions(*, term=None) -> QuerySet[Suggestion]:
    """Every suggestion but drafts (of `term` when given)."""
    qs = Suggestion.objects.exclude(state=State.DRAFT)
    return qs.filter(term=term) if term else qs


def confirmed_cosignatures(suggestions: QuerySet[Suggestion]) -> QuerySet[Cosignature]:
    """The confirmed co-signatures of `suggestions`: who co-signed which."""
    return Cosignature.objects.filter(state=Cosignature.State.CONFIRMED, suggestion__in=suggestions)


def outcome_labels() -> dict[str, str]:
    """Each category of outcome (A to D) with the label the handling policy gives it."""
    policy = Policy.current()
    return {code: policy.outcome_label(code) for code in Outcome.values}
