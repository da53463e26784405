from django.urls import path

from .views import catalogue, collections, materials, moderation, readers

app_name = "library"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("quanta/", catalogue.quanta, name="quanta"),
    path("acts/", catalogue.acts, name="acts"),
    path("report/", catalogue.report, name="report"),
    path("new/", materials.create, name="create"),
    path("mine/", materials.mine, name="mine"),
    path("shelf/", readers.shelf, name="shelf"),
    path("moderation/", moderation.queue, name="moderation"),
    path("requests/<int:request_id>/", readers.learn_answer, name="learn_answer"),
    path("complaints/<int:complaint_id>/", moderation.complaint_resolve, name="complaint_resolve"),
    path("<int:material_id>/", materials.detail, name="material"),
    path("<int:material_id>/file/", materials.file, name="file"),
    path("<int:material_id>/versions/<int:number>/file/", materials.file, name="version_file"),
    path("<int:material_id>/edit/", materials.edit, name="edit"),
    path("<int:material_id>/version/", materials.version_add, name="version_add"),
    path("<int:material_id>/submit/", materials.submit, name="submit"),
    path("<int:material_id>/complaint/", materials.complaint, name="complaint"),
    path("<int:material_id>/take/", moderation.take, name="take"),
    path("<int:material_id>/decide/", moderation.decide, name="decide"),
    path("<int:material_id>/withdraw/", moderation.withdraw, name="withdraw"),
    path("<int:material_id>/shelf/", readers.shelf_toggle, name="shelf_toggle"),
    path("<int:material_id>/use/", readers.use, name="use"),
    path("<int:material_id>/learn/", readers.learn, name="learn"),
    path("<int:material_id>/adopt/", catalogue.act_adopt, name="act_adopt"),
    path("collections/", collections.collection_list, name="collections"),
    path("collections/<int:collection_id>/", collections.collection, name="collection"),
    path("collections/<int:collection_id>/add/", collections.collection_add, name="collection_add"),
    path(
        "collections/<int:collection_id>/<int:material_id>/move/",
        collections.collection_move,
        name="collection_move",
    ),
    path(
        "collections/<int:collection_id>/<int:material_id>/remove/",
        collections.collection_remove,
        name="collection_remove",
    ),
]
