"""URLs of the methodical plans (included by urls/__init__.py)."""

from django.urls import URLPattern, path

from ..views import plans as views

urlpatterns: list[URLPattern] = [
    path("plans/", views.plans, name="plans"),
    path("plans/org/<int:organization_id>/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("plans/<int:plan_id>/topics/new/", views.plan_topic_add, name="plan_topic_add"),
    path("plans/topics/<int:topic_id>/edit/", views.plan_topic_edit, name="plan_topic_edit"),
    path("plans/topics/<int:topic_id>/delete/", views.plan_topic_delete, name="plan_topic_delete"),
    path("plans/<int:plan_id>/match/", views.plan_match, name="plan_match"),
    path("plans/<int:plan_id>/questions/", views.plan_questions, name="plan_questions"),
    path("plans/<int:plan_id>/draft-next/", views.plan_draft_next, name="plan_draft_next"),
    path("plans/<int:plan_id>/plan.docx", views.plan_docx, name="plan_docx"),
]
