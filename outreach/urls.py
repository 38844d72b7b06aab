from django.urls import path  # noqa: F401  (the outreach issue fills this in)

app_name = "outreach"

urlpatterns: list = []
