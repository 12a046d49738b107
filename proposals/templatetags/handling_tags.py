"""Display helpers of the handling pages: state badge colours and the traffic light."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

STATE_BADGES = {
    "draft": "text-bg-light",
    "submitted": "text-bg-warning",
    "under_review": "text-bg-warning",
    "returned": "text-bg-info",
    "rejected": "text-bg-dark",
    "withdrawn": "text-bg-secondary",
    "merged": "text-bg-secondary",
    "assigned": "text-bg-primary",
    "transfer_requested": "text-bg-warning",
    "in_progress": "text-bg-primary",
    "extended": "text-bg-info",
    "replied": "text-bg-success",
    "rehandling": "text-bg-danger",
    "evaluated": "text-bg-success",
    "implementing": "text-bg-info",
    "closed": "text-bg-secondary",
}

LIGHTS = {
    "green": ("text-bg-success", _("On time")),
    "yellow": ("text-bg-warning", _("Due soon")),
    "red": ("text-bg-danger", _("Overdue")),
}


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-light")


@register.filter
def light_badge(light: str) -> str:
    return LIGHTS[light][0] if light in LIGHTS else ""


@register.filter
def light_label(light: str) -> str:
    return str(LIGHTS[light][1]) if light in LIGHTS else ""
