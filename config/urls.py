from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import health, views

admin.site.site_header = "Klankbord – beheer"
admin.site.site_title = "Klankbord"
# The Django admin is technical maintenance, for superusers only: functional admins
# work in Klankbord itself (/beheren/, security.administration).
admin.site.has_permission = lambda request: (
    request.user.is_active and request.user.is_superuser
)

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("security.urls")),
    # Answered by config.health.HealthMiddleware before the rest of the chain.
    path("gezond/", health.live, name="health_live"),
    path("gereed/", health.ready, name="health_ready"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("beheren/", include("security.administration.urls")),
    path("beheren/", include("security.administration.directory_urls")),
    path("", include("cases.urls")),
    path("", include("security.case_urls")),
    path("signalen/", include("signals.urls")),
    path("netwerk/", include("ambassadors.urls")),
    path("ot-on-tour/", include("outreach.urls")),
]
