from django.urls import path

from ambassadors import views

app_name = "ambassadors"

urlpatterns = [
    path("", views.network, name="network"),
    path("dekking/", views.coverage, name="coverage"),
    path("ambassadeurs/<int:pk>/", views.ambassador_detail, name="detail"),
    path("mijn-pagina/", views.my_page, name="my_page"),
    path("uren/", views.hours, name="hours"),
    path("uren/<int:pk>/verwijderen/", views.hours_delete, name="hours_delete"),
    path("afwezig/", views.unavailability_add, name="unavailability_add"),
    path(
        "afwezig/<int:pk>/verwijderen/",
        views.unavailability_delete,
        name="unavailability_delete",
    ),
    path("bijeenkomsten/", views.meeting_list, name="meeting_list"),
    path("bijeenkomsten/nieuw/", views.meeting_create, name="meeting_create"),
    path("bijeenkomsten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.meeting_create, name="meeting_edit"),
    path("vacatures/", views.vacancy_list, name="vacancy_list"),
    path("vacatures/nieuw/", views.vacancy_create, name="vacancy_create"),
    path("vacatures/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacatures/<int:pk>/wijzigen/", views.vacancy_create, name="vacancy_edit"),
    path("sollicitaties/", views.application_list, name="application_list"),
    path(
        "sollicitaties/<int:pk>/", views.application_detail, name="application_detail"
    ),
    path(
        "sollicitaties/<int:pk>/besluit/",
        views.application_decide,
        name="application_decide",
    ),
    path("sollicitaties/<int:pk>/cv/", views.application_cv, name="application_cv"),
    path(
        "sollicitaties/<int:pk>/scores/",
        views.application_score,
        name="application_score",
    ),
]
