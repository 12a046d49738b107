"""Small display helpers of the liaison pages: badge colours and a deputy's levels."""

from django import template

from deputies.models import Level

register = template.Library()

OPINION_BADGES = {
    "recorded": "text-bg-warning",
    "answered": "text-bg-success",
    "referred": "text-bg-info",
    "forwarded": "text-bg-primary",
    "unit_replied": "text-bg-info",
    "to_suggestion": "text-bg-secondary",
    "closed": "text-bg-success",
}

RECEPTION_BADGES = {"planned": "text-bg-warning", "held": "text-bg-success", "cancelled": "text-bg-secondary"}

LEVEL_BADGES = {
    "national": "text-bg-danger",
    "provincial": "text-bg-warning",
    "municipal": "text-bg-info",
    "county": "text-bg-primary",
    "township": "text-bg-secondary",
}


@register.filter
def opinion_badge(state: str) -> str:
    return OPINION_BADGES.get(state, "text-bg-light")


@register.filter
def reception_badge(state: str) -> str:
    return RECEPTION_BADGES.get(state, "text-bg-light")


@register.filter
def level_badge(level: str) -> str:
    return LEVEL_BADGES.get(level, "text-bg-light")


@register.filter
def deputy_levels(deputy) -> list[tuple[str, str]]:
    """(code, label) of the levels a deputy holds, highest first (from the prefetched mandates)."""
    labels = dict(Level.choices)
    return [(code, labels[code]) for code in deputy.level_codes]
