"""The coordinator's pages of expertise: campaigns, their items, assignment and results."""

from django.urls import URLPattern, path

from ..views import campaigns as views

urlpatterns: list[URLPattern] = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/items/", views.campaign_items, name="campaign_items"),
    path(
        "campaigns/<int:pk>/items/program/",
        views.campaign_items_program,
        name="campaign_items_program",
    ),
    path(
        "campaigns/<int:pk>/items/materials/",
        views.campaign_items_materials,
        name="campaign_items_materials",
    ),
    path(
        "campaigns/<int:pk>/items/audit/", views.campaign_items_audit, name="campaign_items_audit"
    ),
    path("campaigns/<int:pk>/assign/", views.campaign_assign, name="campaign_assign"),
    path("campaigns/<int:pk>/results/", views.campaign_results, name="campaign_results"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("items/<int:pk>/extra-review/", views.item_extra_review, name="item_extra_review"),
    path("reviews/<int:pk>/reassign/", views.review_reassign, name="review_reassign"),
    path("reviews/<int:pk>/extend/", views.review_extend, name="review_extend"),
]
