"""The committee's machinery under /meetings/: meetings and decisions, then the registers and guidance."""

from meetings import urls_meetings, urls_registers

app_name = "meetings"

urlpatterns = [*urls_meetings.urlpatterns, *urls_registers.urlpatterns]
