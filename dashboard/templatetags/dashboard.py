"""Showing the dashboard's figures: a number as the link to its rows, shares as 87.5% (— without a
denominator), dates kept as ISO strings."""

from datetime import date

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "—"
    return f"{number_format(value, decimal_pos=1)}%"


@register.filter
def change(value, previous) -> str:
    """The difference to the previous year, signed: "+3", "-1.5", or "" when there is nothing to compare."""
    if value is None or previous is None or value == "" or previous == "":
        return ""
    diff = round(value - previous, 1)
    if diff == int(diff):
        diff = int(diff)
    return f"+{diff}" if diff > 0 else str(diff)


@register.filter
def isodate(value):
    """A date kept as an ISO string (figures are JSON) back as a date, for the date filter."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.simple_tag
def figure_link(value, url, css=""):
    """The number as a link to the rows behind it; as plain text when there is no list to open."""
    if url:
        return format_html('<a class="{}" href="{}">{}</a>', css, url, value)
    return format_html('<span class="{}">{}</span>', css, value)
