"""URL patterns joined into renda/meetings/urls.py (app_name "meetings")."""

urlpatterns = []
