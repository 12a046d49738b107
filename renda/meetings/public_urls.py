"""The committee's published decisions and appointments on the public portal, under /public/committee/."""

app_name = "public_committee"

urlpatterns = []
