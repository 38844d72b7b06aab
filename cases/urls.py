from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("ambassadeur/", views.ambassador_list, name="ambassador_list"),
]
