from django.urls import path  # noqa: F401  (the signals issue fills this in)

app_name = "signals"

urlpatterns: list = []
