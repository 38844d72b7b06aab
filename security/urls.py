from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/instellen/", views.two_factor_setup, name="two_factor_setup"),
]
