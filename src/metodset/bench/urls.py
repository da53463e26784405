"""The project's URLs plus a trivial view: the yardstick every page's time is divided by."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    """As little as Django can do: the middleware stack and a fixed response."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("metodset.urls")),
]
