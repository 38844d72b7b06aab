from django.urls import path, re_path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^cijfers\.(?P<fmt>csv|xlsx)$", views.figures_export, name="figures"),
    path("gemeenten/", views.gemeente_list, name="gemeente_list"),
    re_path(
        r"^gemeenten/(?P<code>GM\d{4})/$", views.gemeente_detail, name="gemeente_detail"
    ),
    path("provincies/", views.province_list, name="province_list"),
    re_path(
        r"^provincies/(?P<code>PV\d{2})/$",
        views.province_detail,
        name="province_detail",
    ),
    path("import/", views.campaign_import, name="import"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.campaign_export, name="export"),
]
