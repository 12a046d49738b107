"""Template context shared by every page: the navigation a user may see and their unread count."""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from renda.core.registry import registry


def navigation(request):
    if request.path.startswith("/public/"):
        return {"public_nav": _public_nav(request)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = []
    for entry in registry.nav_for(user):
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"entry": entry, "url": url, "active": False, "children": []})
    # Only the most specific entry is active: /deputies/campaigns/ is 代表行动, not also 代表.
    matching = [e for e in entries if e["url"] != "/" and request.path.startswith(e["url"])]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
    return {
        "nav_entries": entries,
        "nav_menu": _menu(entries),
        # Counted only if a template shows it (partials rendered with the request never do).
        "unread_notifications": SimpleLazyObject(lambda: user.notifications.unread().count()),
    }


def _menu(entries):
    """The top bar: an entry with a visible parent joins the parent's drop-down menu."""
    by_key = {e["entry"].key: e for e in entries}
    menu = []
    for item in entries:
        parent = by_key.get(item["entry"].parent)
        if parent is None:
            menu.append(item)
        else:
            parent["children"].append(item)
    for item in menu:
        item["open"] = item["active"] or any(child["active"] for child in item["children"])
    return menu


def _public_nav(request):
    entries = []
    for entry in registry.public_nav:
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(url) and url != reverse("public:home")
        entries.append({"entry": entry, "url": url, "active": active})
    return entries
