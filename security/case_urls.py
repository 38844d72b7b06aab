"""Security pages that hang under a case's URL (namespace ``security_case``)."""

from django.urls import path

from security import confidentiality, subject_access

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
    path(
        "ambtsdragers/<int:pk>/inzage/",
        subject_access.subject_access,
        name="subject_access",
    ),
]
