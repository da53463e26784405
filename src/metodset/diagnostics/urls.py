from django.urls import path

from . import views

app_name = "diagnostics"

urlpatterns = [
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework"),
]
