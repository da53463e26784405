"""URLs of a research lesson's observation and analysis, and of the cycle's report (included by
urls/__init__.py)."""

from django.urls import URLPattern, path

from ..views import observation as views

urlpatterns: list[URLPattern] = [
    path("lessons/<int:lesson_id>/observe/", views.observe, name="observe"),
    path("lessons/<int:lesson_id>/observe/entry/", views.observe_entry, name="observe_entry"),
    path("lessons/<int:lesson_id>/observe/notes/", views.observe_notes, name="observe_notes"),
    path("lessons/<int:lesson_id>/observe/finish/", views.observe_finish, name="observe_finish"),
    path(
        "observation-entries/<int:entry_id>/",
        views.observe_entry_edit,
        name="observe_entry_edit",
    ),
    path(
        "observation-entries/<int:entry_id>/delete/",
        views.observe_entry_delete,
        name="observe_entry_delete",
    ),
    path("lessons/<int:lesson_id>/analysis/", views.analysis_lesson, name="analysis_lesson"),
    path("lessons/<int:lesson_id>/analysis/save/", views.analysis_save, name="analysis_save"),
    path(
        "lessons/<int:lesson_id>/analysis/finish/",
        views.analysis_finish,
        name="analysis_finish",
    ),
    path("cycles/<int:cycle_id>/report.docx", views.cycle_report_docx, name="cycle_report_docx"),
    path("cycles/<int:cycle_id>/report.pdf", views.cycle_report_pdf, name="cycle_report_pdf"),
]
