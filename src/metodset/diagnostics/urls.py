from django.urls import path

from . import campaign_views, views

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
    path(
        "campaigns/<int:campaign_id>/people/",
        campaign_views.campaign_add_people,
        name="campaign_add_people",
    ),
    path("profile/", campaign_views.my_profile, name="my_profile"),
    path("profile/<int:participant_id>/", campaign_views.profile, name="profile"),
    path("profile/<int:participant_id>/observe/", campaign_views.observe, name="observe"),
]
