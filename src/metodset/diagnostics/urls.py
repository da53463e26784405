from django.urls import path

from . import campaign_views, heatmap_views, instrument_views, views

app_name = "diagnostics"

urlpatterns = [
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework"),
    path("", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/open/", campaign_views.campaign_open, name="campaign_open"),
    path(
        "campaigns/<int:campaign_id>/close/", campaign_views.campaign_close, name="campaign_close"
    ),
    path("campaigns/<int:campaign_id>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path(
        "campaigns/<int:campaign_id>/people/",
        campaign_views.campaign_add_people,
        name="campaign_add_people",
    ),
    path(
        "campaigns/<int:campaign_id>/people/<int:participant_id>/remove/",
        campaign_views.participant_remove,
        name="participant_remove",
    ),
    # Instruments: tests with keys and children's results (instrument_views).
    path("tests/", instrument_views.test_list, name="test_list"),
    path("tests/<int:test_id>/", instrument_views.test_detail, name="test_detail"),
    path("tests/<int:test_id>/import/", instrument_views.test_import, name="test_import"),
    path("tests/<int:test_id>/items/<int:item_id>/", instrument_views.test_item, name="test_item"),
    path(
        "tests/<int:test_id>/items/<int:item_id>/delete/",
        instrument_views.test_item_delete,
        name="test_item_delete",
    ),
    path("campaigns/<int:campaign_id>/test/", instrument_views.test_take, name="test_take"),
    path("results/", instrument_views.results_list, name="results_list"),
    path("results/import/", instrument_views.results_import, name="results_import"),
    path("results/<int:table_id>/", instrument_views.results_detail, name="results_detail"),
    path(
        "results/<int:table_id>/rows/<int:row_id>/delete/",
        instrument_views.results_row_delete,
        name="results_row_delete",
    ),
    path("campaigns/<int:campaign_id>/heatmap/", heatmap_views.heatmap, name="heatmap"),
    path(
        "campaigns/<int:campaign_id>/heatmap/org/<int:organization_id>/",
        heatmap_views.heatmap_org,
        name="heatmap_org",
    ),
    path("profile/", campaign_views.my_profile, name="my_profile"),
    path("profile/<int:participant_id>/", campaign_views.profile, name="profile"),
    path("profile/<int:participant_id>/observe/", campaign_views.observe, name="observe"),
]
