from django.urls import path

from .views import answering, builder, distribution, results

app_name = "surveys"
Q = "<int:questionnaire_id>"
urlpatterns = [
    # the builder — views/builder.py
    path("", builder.questionnaire_list, name="list"),
    path("new/", builder.questionnaire_create, name="create"),
    path("new/from-template/", builder.questionnaire_from_template, name="create_from_template"),
    path(f"{Q}/", builder.questionnaire_detail, name="detail"),
    path(f"{Q}/settings/", builder.questionnaire_settings, name="settings"),
    path(f"{Q}/open/", builder.questionnaire_open, name="open"),
    path(f"{Q}/close/", builder.questionnaire_close, name="close"),
    path(f"{Q}/preview/", builder.questionnaire_preview, name="preview"),
    path(f"{Q}/delete/", builder.questionnaire_delete, name="delete"),
    path(f"{Q}/sections/add/", builder.section_add, name="section_add"),
    path(f"{Q}/sections/<int:section_id>/", builder.section_edit, name="section_edit"),
    path(f"{Q}/sections/<int:section_id>/delete/", builder.section_delete, name="section_delete"),
    path(f"{Q}/sections/<int:section_id>/move/", builder.section_move, name="section_move"),
    path(f"{Q}/questions/add/", builder.question_add, name="question_add"),
    path(f"{Q}/questions/<int:question_id>/", builder.question_edit, name="question_edit"),
    path(
        f"{Q}/questions/<int:question_id>/delete/",
        builder.question_delete,
        name="question_delete",
    ),
    path(f"{Q}/questions/<int:question_id>/move/", builder.question_move, name="question_move"),
    # distribution — views/distribution.py
    path(f"{Q}/distribute/", distribution.distribute, name="distribute"),
    path(f"{Q}/remind/", distribution.remind, name="remind"),
    # results — views/results.py
    path(f"{Q}/results/", results.results_summary, name="results"),
    path(f"{Q}/results/responses/", results.responses_table, name="responses"),
    path(f"{Q}/results/questions/<int:question_id>/", results.text_answers, name="text_answers"),
    path(f"{Q}/export/", results.export_start, name="export_start"),
    path(f"{Q}/export/<int:export_id>/", results.export_status, name="export_status"),
    path(
        f"{Q}/export/<int:export_id>/download/",
        results.export_download,
        name="export_download",
    ),
    # answering, no login: the personal link of an invitation and the public link
    path("a/<str:token>/", answering.answer_invited, name="answer_invited"),
    path("a/<str:token>/thanks/", answering.thanks_invited, name="thanks_invited"),
    path("a/<str:token>/draft/", answering.draft_invited, name="draft_invited"),
    path("s/<str:token>/", answering.answer_public, name="answer_public"),
    path("s/<str:token>/thanks/", answering.thanks_public, name="thanks_public"),
    path("s/<str:token>/draft/", answering.draft_public, name="draft_public"),
]
