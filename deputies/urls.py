
app_name = "deputies"

urlpatterns: list = []
