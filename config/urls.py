from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

APPS = ["accounts", "documents", "postings", "coverletters", "interviews", "assistant",
        "calendarparse", "masking", "avatar", "grading"]

urlpatterns = [
    path("", include("core.urls")),
    *[path("", include(f"{app}.urls")) for app in APPS],
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # the split view serves Swagger UI's start-up script as a file: no inline script under the CSP
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="openapi"), name="swagger-ui"),
    path("redoc", SpectacularRedocView.as_view(url_name="openapi"), name="redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "core.handlers.not_found"
handler500 = "core.handlers.server_error"
