"""The suggestion ledger's URLs, gathered from the view modules (filing, handling, ledger)."""

from proposals.views import filing, handling, ledger

app_name = "proposals"

urlpatterns = [*filing.urlpatterns, *handling.urlpatterns, *ledger.urlpatterns]
