"""The directory a functional admin maintains in the app (/beheren/): organisations,
regions and their gemeenten, the expert network's partners and the ambassadors."""

from django.urls import path

from security.administration import directory as views
from security.administration import directory_ambassadors as ambassadors

app_name = "directory"

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<int:pk>/verwijderen/",
        views.organisation_delete,
        name="organisation_delete",
    ),
    path("regios/", views.region_list, name="region_list"),
    path("regios/nieuw/", views.region_create, name="region_create"),
    path("regios/<int:pk>/", views.region_detail, name="region_detail"),
    path("regios/<int:pk>/naam/", views.region_edit, name="region_edit"),
    path("netwerkpartners/", views.partner_list, name="partner_list"),
    path("netwerkpartners/nieuw/", views.partner_create, name="partner_create"),
    path("netwerkpartners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path(
        "netwerkpartners/<int:pk>/verwijderen/",
        views.partner_delete,
        name="partner_delete",
    ),
    path("ambassadeurs/", ambassadors.ambassador_list, name="ambassador_list"),
    path("ambassadeurs/<int:pk>/", ambassadors.ambassador_edit, name="ambassador_edit"),
]
