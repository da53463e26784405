from django.urls import path

from . import views

app_name = "routes"

urlpatterns = [
    path("", views.my_routes, name="mine"),
    path("draft/", views.route_draft, name="draft"),
    path("from-profile/<int:participant_id>/", views.from_profile, name="from_profile"),
    path("review/", views.review_queue, name="review_queue"),
    path("<int:route_id>/", views.route_detail, name="route"),
    path("<int:route_id>/edit/", views.route_edit, name="route_edit"),
    path("<int:route_id>/submit/", views.route_submit, name="submit"),
    path("<int:route_id>/review/", views.route_review, name="review"),
    path("<int:route_id>/steps/new/", views.step_add, name="step_add"),
    path("<int:route_id>/export.docx", views.route_export, {"fmt": "docx"}, name="export_docx"),
    path("<int:route_id>/export.pdf", views.route_export, {"fmt": "pdf"}, name="export_pdf"),
    path("steps/<int:step_id>/alternatives/", views.step_alternatives, name="alternatives"),
    path("steps/<int:step_id>/swap/", views.step_swap, name="swap"),
    path("steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:step_id>/remove/", views.step_remove, name="step_remove"),
    path("steps/<int:step_id>/evidence/", views.step_evidence, name="step_evidence"),
    path("steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path("steps/<int:step_id>/status/", views.step_status, name="step_status"),
    path("steps/<int:step_id>/teach/", views.step_teach, name="step_teach"),
    path("events/<int:event_id>/credit/", views.horizontal_credit, name="horizontal_credit"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("org/<int:organization_id>/", views.organization_routes, name="organization"),
    path("org/<int:organization_id>/board/", views.board, name="board"),
    path("org/<int:organization_id>/cyclogram/", views.cyclogram, name="cyclogram"),
    path("org/<int:organization_id>/catalogue/", views.catalogue, name="catalogue"),
    path(
        "org/<int:organization_id>/catalogue/platform/",
        views.catalogue_add_from_platform,
        name="catalogue_platform",
    ),
    path("org/<int:organization_id>/layout/", views.layout, name="layout"),
]
