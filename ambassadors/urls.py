from django.urls import path  # noqa: F401  (the ambassadors issue fills this in)

app_name = "ambassadors"

urlpatterns: list = []
