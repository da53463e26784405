"""The conference pages of expertise: conferences, sections, defences, protocols, proceedings,
and an accepted article's inclusion."""

from django.urls import path

from ..views import conference as views

urlpatterns = [
    path("conferences/", views.conference_list, name="conferences"),
    path("conferences/new/", views.conference_create, name="conference_create"),
    path("conferences/<int:conference_id>/", views.conference_detail, name="conference_detail"),
    path(
        "conferences/<int:conference_id>/publish/",
        views.conference_publish,
        name="conference_publish",
    ),
    path(
        "conferences/<int:conference_id>/sections/add/",
        views.section_add,
        name="conference_section_add",
    ),
    path(
        "conferences/<int:conference_id>/proceedings/compile/",
        views.proceedings_compile,
        name="proceedings_compile",
    ),
    path(
        "conferences/<int:conference_id>/proceedings/publish/",
        views.proceedings_publish,
        name="proceedings_publish",
    ),
    path(
        "conferences/<int:conference_id>/proceedings.pdf",
        views.proceedings_download,
        name="proceedings_download",
    ),
    path("sections/<int:section_id>/", views.section_detail, name="conference_section"),
    path("sections/<int:section_id>/defences/add/", views.defence_add, name="defence_add"),
    path("defences/<int:defence_id>/start/", views.defence_start, name="defence_start"),
    path("defences/<int:defence_id>/mark/", views.defence_mark, name="defence_mark"),
    path("defences/<int:defence_id>/protocol/", views.defence_protocol, name="defence_protocol"),
    path(
        "defences/<int:defence_id>/protocol.pdf",
        views.defence_protocol_pdf,
        name="defence_protocol_pdf",
    ),
    path("articles/<int:item_id>/include/", views.article_include, name="article_include"),
]
