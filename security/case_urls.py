"""Security pages that hang under a case's URL (namespace ``security_case``)."""

from django.urls import path

from security import confidentiality

app_name = "security_case"

urlpatterns = [
    path(
        "meldingen/<int:pk>/geheimhouding/",
        confidentiality.break_request,
        name="break_request",
    ),
    path(
        "geheimhouding/<int:pk>/beoordelen/",
        confidentiality.break_decide,
        name="break_decide",
    ),
]
