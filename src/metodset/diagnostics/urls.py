from django.urls import path

from .campaigns import views as campaign_views
from .frameworks import views as framework_views
from .heatmaps import views as heatmap_views
from .instruments import views as instrument_views
from .profiles import views as profile_views
from .results import views as result_views

app_name = "diagnostics"

urlpatterns = [
    path("frameworks/", framework_views.framework_list, name="frameworks"),
    path("frameworks/import/", framework_views.framework_import, name="framework_import"),
    path("frameworks/<int:framework_id>/", framework_views.framework_detail, name="framework"),
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
    # Instruments: tests with keys; children's results.
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
    path("results/", result_views.results_list, name="results_list"),
    path("results/import/", result_views.results_import, name="results_import"),
    path("results/import/table/", result_views.results_table_create, name="results_table_create"),
    path("results/<int:table_id>/", result_views.results_detail, name="results_detail"),
    path(
        "results/<int:table_id>/rows/<int:row_id>/delete/",
        result_views.results_row_delete,
        name="results_row_delete",
    ),
    path("campaigns/<int:campaign_id>/heatmap/", heatmap_views.heatmap, name="heatmap"),
    path(
        "campaigns/<int:campaign_id>/heatmap/org/<int:organization_id>/",
        heatmap_views.heatmap_org,
        name="heatmap_org",
    ),
    path("profile/", profile_views.my_profile, name="my_profile"),
    path("profile/<int:participant_id>/", profile_views.profile, name="profile"),
    path("profile/<int:participant_id>/observe/", instrument_views.observe, name="observe"),
]
