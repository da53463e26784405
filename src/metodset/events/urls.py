from django.urls import path

from .views import catalogue, organiser, participation

app_name = "events"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("mine/", participation.my_events, name="mine"),
    path("mine/calendar/reset/", participation.feed_reset, name="feed_reset"),
    path("run/", organiser.managed, name="managed"),
    path("new/", organiser.create, name="create"),
    path("feed/<str:token>.ics", catalogue.feed, name="feed"),
    path("series/<int:series_id>/register/", participation.register_series, name="register_series"),
    path("<int:event_id>/", catalogue.detail, name="detail"),
    path("<int:event_id>/event.ics", catalogue.event_ics, name="ics"),
    path("<int:event_id>/register/", participation.register, name="register"),
    path("<int:event_id>/unregister/", participation.unregister, name="unregister"),
    path("<int:event_id>/join/", participation.join, name="join"),
    path("<int:event_id>/check-in/", participation.check_in, name="check_in"),
    path("<int:event_id>/edit/", organiser.edit, name="edit"),
    path("<int:event_id>/cancel/", organiser.cancel, name="cancel"),
    path("<int:event_id>/attendance/", organiser.attendance, name="attendance"),
    path(
        "<int:event_id>/attendance/<int:registration_id>/",
        organiser.attendance_mark,
        name="attendance_mark",
    ),
    path("<int:event_id>/attendance.xlsx", organiser.attendance_xlsx, name="attendance_xlsx"),
    path("<int:event_id>/code/", organiser.check_in_screen, name="check_in_screen"),
    path("<int:event_id>/materials/new/", organiser.material_add, name="material_add"),
    path(
        "<int:event_id>/materials/<int:material_id>/file/",
        catalogue.material_file,
        name="material_file",
    ),
    path(
        "<int:event_id>/materials/<int:material_id>/delete/",
        organiser.material_delete,
        name="material_delete",
    ),
]
