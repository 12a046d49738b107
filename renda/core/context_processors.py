"""Template context shared by every page: the navigation a user may see and their unread count."""

from django.urls import NoReverseMatch, reverse

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
        entries.append({"entry": entry, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {
        "nav_entries": entries,
        "unread_notifications": user.notifications.unread().count(),
    }


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
