"""Reads of the deputy's side of suggestions: who may file and co-sign, a deputy's own lists, what a
user may change, and the constituent opinions waiting to become suggestions."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from deputies.models import Deputy, Level
from liaison.models import Opinion
from proposals.models import Attachment, Cosignature, State, Suggestion
from proposals.selectors import suggestion_visible_to
from renda.core.models import Session, Term
from renda.core.selectors import current_term

AS_DEPUTY = "accounts.act_as_deputy"
FILE_ON_BEHALF = "proposals.file_on_behalf"
REVIEW = "proposals.review_suggestion"

# A draft, or a suggestion staff returned for revision: the lead deputy may still change it.
EDITABLE = [State.DRAFT, State.RETURNED]
# Co-signatures are taken until the committee assigns the suggestion.
COSIGN_OPEN = [State.SUBMITTED, State.UNDER_REVIEW, State.RETURNED]


def eligible_deputies() -> QuerySet[Deputy]:
    """Deputies who may lead or co-sign a suggestion: active county deputies of the current term."""
    return (
        Deputy.objects.active()
        .filter(mandates__level=Level.COUNTY, mandates__term__is_current=True)
        .distinct()
        .select_related("township")
        .order_by("township__sort_order", "township__name", "name_initials", "name", "pk")
    )


def deputy_for(user) -> Deputy | None:
    """The deputy whose account `user` is (cached on the user for the request), or None."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm(AS_DEPUTY):
        return None
    if not hasattr(user, "_filing_deputy"):
        user._filing_deputy = Deputy.objects.select_related("township").filter(user=user).first()
    return user._filing_deputy


def may_file(deputy: Deputy | None) -> bool:
    return deputy is not None and eligible_deputies().filter(pk=deputy.pk).exists()


def sessions_of(term: Term | None) -> QuerySet[Session]:
    if term is None:
        return Session.objects.none()
    return Session.objects.filter(term=term).select_related("term").order_by("-number")


def session_on(day: date | None = None) -> Session | None:
    """The session of the current term being held on `day` (today), or None between sessions."""
    day = day or timezone.localdate()
    term = current_term()
    if term is None:
        return None
    return sessions_of(term).filter(start_date__lte=day, end_date__gte=day).first()


def _with_counts(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    return qs.annotate(
        confirmed_count=Count("cosignature", filter=Q(cosignature__state=Cosignature.State.CONFIRMED)),
        invited_count=Count("cosignature", filter=Q(cosignature__state=Cosignature.State.INVITED)),
    )


def led_by(deputy: Deputy) -> QuerySet[Suggestion]:
    """A deputy's own suggestions: drafts first, then those returned, then the rest, newest first."""
    first = Case(
        When(state=State.DRAFT, then=Value(0)),
        When(state=State.RETURNED, then=Value(1)),
        When(state=State.REPLIED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        _with_counts(
            Suggestion.objects.filter(lead_deputy=deputy).select_related(
                "term", "session", "lead_deputy", "lead_unit"
            )
        )
        .annotate(first=first)
        .order_by("first", "-updated_at", "-pk")
    )


def cosigned_by(deputy: Deputy) -> QuerySet[Suggestion]:
    """Suggestions the deputy has confirmed as a co-signer."""
    mine = Cosignature.objects.filter(deputy=deputy, state=Cosignature.State.CONFIRMED).values(
        "suggestion_id"
    )
    return _with_counts(
        Suggestion.objects.filter(pk__in=mine)
        .exclude(state=State.DRAFT)
        .select_related("term", "session", "lead_deputy", "lead_unit")
    ).order_by("-submitted_at", "-pk")


def invitations_for(deputy: Deputy) -> QuerySet[Cosignature]:
    """Invitations to co-sign that still wait for the deputy's answer."""
    return (
        Cosignature.objects.filter(
            deputy=deputy, state=Cosignature.State.INVITED, suggestion__state__in=COSIGN_OPEN
        )
        .select_related("suggestion", "suggestion__lead_deputy", "suggestion__session", "suggestion__term")
        .order_by("-suggestion__submitted_at", "-pk")
    )


def filed_on_behalf() -> Q:
    """Suggestions not filed by the lead deputy's own account: entered by staff, or made from an opinion."""
    return Q(lead_deputy__user__isnull=True) | ~Q(filed_by=F("lead_deputy__user"))


def filed_by_or_for(user) -> QuerySet[Suggestion]:
    """Suggestions the user may submit, change or withdraw when their state allows it: the lead
    deputy's own; for staff who file on deputies' behalf, those not filed by the deputy's own account
    (a deputy's own draft stays theirs). Others answer 404."""
    qs = Suggestion.objects.select_related("term", "session", "lead_deputy", "lead_deputy__township")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    deputy = deputy_for(user)
    mine = Q(lead_deputy=deputy) if deputy is not None else Q(pk__in=[])
    if user.has_perm(FILE_ON_BEHALF):
        return qs.filter(mine | filed_on_behalf())
    if deputy is None:
        return qs.none()
    return qs.filter(mine)


def attachment_visible_to(user) -> QuerySet[Attachment]:
    """Files of the suggestions the user may see; others answer 404 like missing ones."""
    return Attachment.objects.filter(suggestion__in=suggestion_visible_to(user).values("pk"))


def opinions_to_convert(user) -> QuerySet[Opinion]:
    """Constituent opinions marked to become a suggestion and not yet turned into one.

    Staff who review or file suggestions see them all; a deputy, those raised at a reception they
    were present at.
    """
    qs = Opinion.objects.filter(state=Opinion.State.TO_SUGGESTION, suggestion__isnull=True).select_related(
        "reception", "reception__station", "reception__point"
    )
    if user.has_perm(REVIEW) or user.has_perm(FILE_ON_BEHALF):
        return qs
    deputy = deputy_for(user)
    if deputy is None:
        return qs.none()
    return qs.filter(reception__present=deputy).distinct()


def opinion_convertible_by(user) -> QuerySet[Opinion]:
    """Opinions the user may open the conversion page of, converted already or not (the page says so)."""
    qs = Opinion.objects.filter(state=Opinion.State.TO_SUGGESTION).select_related(
        "reception", "reception__station", "reception__point"
    )
    if user.has_perm(REVIEW) or user.has_perm(FILE_ON_BEHALF):
        return qs
    deputy = deputy_for(user)
    if deputy is None:
        return qs.none()
    return qs.filter(reception__present=deputy).distinct()
