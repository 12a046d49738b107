"""Display helpers of the supervision pages: state badge colours and the traffic light."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

OPINION_BADGES = {
    "draft": "text-bg-light border",
    "approved": "text-bg-info",
    "sent": "text-bg-primary",
    "reported": "text-bg-warning",
    "rectifying_again": "text-bg-danger",
    "closed": "text-bg-success",
}
ITEM_BADGES = {
    "not_started": "text-bg-light border",
    "in_progress": "text-bg-primary",
    "done": "text-bg-warning",
    "verified": "text-bg-success",
}
LIGHTS = {
    "green": ("text-bg-success", _("On time")),
    "yellow": ("text-bg-warning", _("Due soon")),
    "red": ("text-bg-danger", _("Overdue")),
}


@register.filter
def opinion_badge(state: str) -> str:
    return OPINION_BADGES.get(state, "text-bg-light")


@register.filter
def item_badge(state: str) -> str:
    return ITEM_BADGES.get(state, "text-bg-light")


@register.filter
def light_badge(light: str) -> str:
    return LIGHTS[light][0] if light in LIGHTS else ""


@register.filter
def light_label(light: str) -> str:
    return str(LIGHTS[light][1]) if light in LIGHTS else ""
