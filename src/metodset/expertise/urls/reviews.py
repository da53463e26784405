"""The expert's queue, the review form and its actions, the conclusion's PDF, bids, and the
author's items with their versions and conclusions (included by urls/__init__.py)."""

from django.urls import URLPattern, path

from ..views import authoring, reviews

urlpatterns: list[URLPattern] = [
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path("reviews/<int:review_id>/", reviews.review_form, name="review_form"),
    path("reviews/<int:review_id>/save/", reviews.review_save, name="review_save"),
    path("reviews/<int:review_id>/submit/", reviews.review_submit, name="review_submit"),
    path("reviews/<int:review_id>/decline/", reviews.review_decline, name="review_decline"),
    path("reviews/<int:review_id>/file/", reviews.review_file, name="review_file"),
    path(
        "reviews/<int:review_id>/conclusion.pdf",
        reviews.review_conclusion,
        name="review_conclusion",
    ),
    path("items/<int:item_id>/bid/", reviews.bid_set, name="bid_set"),
    path("my-items/", authoring.my_items, name="my_items"),
    path("my-items/<int:item_id>/", authoring.item_mine, name="item_mine"),
    path("my-items/<int:item_id>/revise/", authoring.item_revise, name="item_revise"),
    path("my-items/<int:item_id>/draft/", authoring.item_draft, name="item_draft"),
    path(
        "my-items/<int:item_id>/draft/submit/",
        authoring.item_draft_submit,
        name="item_draft_submit",
    ),
    path(
        "my-items/<int:item_id>/draft/delete/",
        authoring.item_draft_delete,
        name="item_draft_delete",
    ),
    path(
        "my-items/versions/<int:version_id>/file/",
        authoring.item_version_file,
        name="item_version_file",
    ),
]
