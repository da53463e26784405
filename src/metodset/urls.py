from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from metodset.api.api import api

urlpatterns = [
    path("", include("metodset.dashboards.urls")),
    path("", include("metodset.core.urls")),
    path("", include("metodset.accounts.urls")),
    path("events/", include("metodset.events.urls")),
    path("surveys/", include("metodset.surveys.urls")),
    path("library/", include("metodset.library.urls")),
    path("programs/", include("metodset.programs.urls")),
    path("", include("metodset.certificates.urls")),
    path("diagnostics/", include("metodset.diagnostics.urls")),
    path("routes/", include("metodset.routes.urls")),
    path("communities/", include("metodset.communities.urls")),
    path("expertise/", include("metodset.expertise.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]
