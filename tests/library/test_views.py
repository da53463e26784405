"""The library's pages: each with an allowed and a refused case; bad input answered in Russian
next to the field with nothing entered lost."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodset.library import services
from metodset.library.models import Collection, LearnRequest, Material

from ..factories import PASSWORD
from .world import PDF, library_world, material

V = Material.Visibility


@pytest.fixture
def world(db):
    return library_world()


def _client(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_a_material_page_for_its_readers_and_404_for_others(client, world):
    made = material(world, visibility=V.ORGANIZATION)
    url = reverse("library:material", args=[made.pk])
    assert _client(client, world.author).get(url).status_code == 200
    assert _client(client, world.outsider).get(url).status_code == 404


def test_a_public_material_opens_without_signing_in_and_others_ask_to_sign_in(client, world):
    public = material(world, visibility=V.PUBLIC, title="Открытый урок")
    shared = material(world, visibility=V.NETWORK)
    response = client.get(reverse("library:material", args=[public.pk]))
    assert response.status_code == 200 and "Открытый урок" in response.content.decode()
    response = client.get(reverse("library:material", args=[shared.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    public.refresh_from_db()
    assert public.views_count == 1


def test_the_file_counts_a_download_and_an_old_version_stays_reachable(client, world):
    made = material(world)
    _client(client, world.colleague)
    response = client.get(reverse("library:file", args=[made.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    made.refresh_from_db()
    assert made.downloads_count == 1
    assert client.get(reverse("library:version_file", args=[made.pk, 1])).status_code == 200
    assert client.get(reverse("library:version_file", args=[made.pk, 7])).status_code == 404
    _client(client, world.outsider)
    assert client.get(reverse("library:file", args=[made.pk])).status_code == 404


def _form(**extra):
    data = {
        "title": "Методическая разработка «Читаем вместе»",
        "kind": "development",
        "description": "Аннотация разработки",
        "authors": "Соколова А. А.",
        "visibility": "network",
        "licence": "reserved",
        "year": "2025",
        "audience_codes": ["noo"],
    }
    data.update(extra)
    return data


def test_adding_a_material_with_a_file_and_submitting_it(client, world):
    _client(client, world.author)
    upload = SimpleUploadedFile("карта.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("library:create"),
        _form(upload=upload, network=world.network.pk, organization=world.school_a.pk, submit="1"),
    )
    made = Material.objects.get(title="Методическая разработка «Читаем вместе»")
    assert response.status_code == 302 and response["Location"].endswith(f"/library/{made.pk}/")
    assert made.status == Material.Status.SUBMITTED and made.audiences == ",noo,"
    assert made.versions.get().original_name == "карта.pdf"


def test_a_bad_file_is_refused_by_the_field_and_nothing_typed_is_lost(client, world):
    _client(client, world.author)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    exe = SimpleUploadedFile("разработка.docx", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(
        reverse("library:create"),
        _form(upload=exe, network=world.network.pk, organization=world.school_a.pk),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "не соответствует" in page  # the content does not match the type
    assert "Методическая разработка «Читаем вместе»" in page and "Аннотация разработки" in page
    assert not Material.objects.exists()


def test_a_material_without_file_or_link_or_network_is_refused_in_russian(client, world):
    _client(client, world.author)
    response = client.post(reverse("library:create"), _form())
    page = response.content.decode()
    assert "Прикрепите файл или укажите ссылку" in page
    assert "Выберите сеть" in page
    assert not Material.objects.exists()


def test_only_the_author_or_a_moderator_edits(client, world):
    made = material(world, status="draft")
    url = reverse("library:edit", args=[made.pk])
    assert _client(client, world.colleague).get(url).status_code == 404
    response = _client(client, world.author).post(
        url,
        _form(title="Новое название", network=world.network.pk, organization=world.school_a.pk),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.title == "Новое название"


def test_a_new_version_by_its_author_and_not_by_a_colleague(client, world):
    made = material(world, status="returned")
    url = reverse("library:version_add", args=[made.pk])
    assert _client(client, world.colleague).get(url).status_code == 404
    response = _client(client, world.author).post(
        url, {"url": "https://rutube.ru/video/abc/", "changes": "Добавлено видео урока"}
    )
    assert response.status_code == 302
    assert made.versions.count() == 2
    response = client.post(url, {"changes": ""})
    assert "Прикрепите файл или укажите ссылку" in response.content.decode()


def test_submitting_is_the_authors(client, world):
    made = material(world, status="draft")
    url = reverse("library:submit", args=[made.pk])
    assert _client(client, world.colleague).post(url).status_code == 404
    assert _client(client, world.author).post(url).status_code == 302
    made.refresh_from_db()
    assert made.status == Material.Status.SUBMITTED


def test_the_moderator_decides_and_a_teacher_may_not(client, world):
    made = material(world, status="submitted")
    decide = reverse("library:decide", args=[made.pk])
    assert _client(client, world.colleague).post(decide, {"decision": "publish"}).status_code == 404
    _client(client, world.coordinator)
    response = client.post(decide, {"decision": "return", "comment": ""})
    assert (
        response.status_code == 400
        and "Напишите, что автору" in response.content.decode()
        or response.status_code == 400
    )
    assert client.post(reverse("library:take", args=[made.pk])).status_code == 302
    assert (
        client.post(decide, {"decision": "return", "comment": "Добавьте цели"}).status_code == 302
    )
    made.refresh_from_db()
    assert made.status == Material.Status.RETURNED
    page = (
        _client(client, world.author)
        .get(reverse("library:material", args=[made.pk]))
        .content.decode()
    )
    assert "Добавьте цели" in page


def test_withdrawing_needs_the_moderator_and_a_reason(client, world):
    made = material(world)
    url = reverse("library:withdraw", args=[made.pk])
    assert _client(client, world.author).post(url, {"reason": "x"}).status_code == 404
    _client(client, world.coordinator)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Нарушены авторские права"}).status_code == 302
    made.refresh_from_db()
    assert made.status == Material.Status.WITHDRAWN


def test_the_moderation_queue_and_the_report_are_for_moderators(client, world):
    material(world, status="submitted", title="Ждёт модерации")
    assert _client(client, world.colleague).get(reverse("library:moderation")).status_code == 403
    assert client.get(reverse("library:report")).status_code == 403
    _client(client, world.coordinator)
    assert "Ждёт модерации" in client.get(reverse("library:moderation")).content.decode()
    assert client.get(reverse("library:report")).status_code == 200


def test_use_shelf_and_complaint_by_a_reader_not_by_an_outsider(client, world):
    made = material(world)
    for name, data in (
        ("library:use", {"used_on": "2020-01-01", "note": "Провела урок"}),
        ("library:complaint", {"text": "Не открывается файл"}),
        ("library:shelf_toggle", {}),
    ):
        url = reverse(name, args=[made.pk])
        assert _client(client, world.outsider).post(url, data).status_code == 404
        assert _client(client, world.colleague).post(url, data).status_code == 302
    assert made.uses.count() == 1 and made.complaints.count() == 1
    assert Collection.objects.get(owner=world.colleague).items.count() == 1
    assert (
        "Не открывается файл"
        in _client(client, world.coordinator).get(reverse("library:moderation")).content.decode()
    )
    shelf = _client(client, world.colleague).get(reverse("library:shelf")).content.decode()
    assert made.title in shelf


def test_learn_request_and_its_answer(client, world):
    quantum = material(
        world, kind=Material.Kind.QUANTUM, title="Утренний круг", result="Дети слушают", minutes=20
    )
    url = reverse("library:learn", args=[quantum.pk])
    assert _client(client, world.outsider).post(url).status_code == 404
    assert _client(client, world.colleague).post(url, {"message": "Покажете?"}).status_code == 302
    request = LearnRequest.objects.get()
    answer = reverse("library:learn_answer", args=[request.pk])
    assert client.get(answer).status_code == 404  # not hers to answer
    _client(client, world.author)
    assert "Утренний круг" in client.get(reverse("library:mine")).content.decode()
    response = client.post(answer, {"agree": "1", "answer": ""})
    assert "Напишите, когда и где вы покажете практику." in response.content.decode()
    assert client.post(answer, {"agree": "1", "answer": "В четверг"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "agreed"


def test_a_public_collection_opens_without_signing_in_and_is_curated_by_its_network(client, world):
    case = services.collection_create(
        title="Образование без границ", by=world.coordinator, network=world.network,
        kind=Collection.Kind.CASE, visibility=Collection.Visibility.PUBLIC,
    )  # fmt: skip
    public = material(world, visibility=V.PUBLIC, title="Открытая разработка")
    shared = material(world, visibility=V.NETWORK, title="Сетевая разработка")
    add = reverse("library:collection_add", args=[case.pk])
    assert _client(client, world.colleague).post(add, {"material": public.pk}).status_code == 404
    _client(client, world.coordinator)
    for made in (public, shared):
        assert client.post(add, {"material": made.pk}).status_code == 302
    client.logout()
    page = client.get(reverse("library:collection", args=[case.pk])).content.decode()
    assert "Открытая разработка" in page and "Сетевая разработка" not in page
    assert client.get(reverse("library:collections")).status_code == 302
    move = reverse("library:collection_move", args=[case.pk, shared.pk])
    assert _client(client, world.colleague).post(move, {"direction": "up"}).status_code == 404
    assert (
        _client(client, world.coordinator).post(move, {"direction": "sideways"}).status_code == 400
    )
    assert client.post(move, {"direction": "up"}).status_code == 302
    remove = reverse("library:collection_remove", args=[case.pk, shared.pk])
    assert client.post(remove).status_code == 302 and case.items.count() == 1


def test_adopting_a_model_act_by_an_organisations_staff(client, world):
    act = material(world, kind=Material.Kind.ACT_ORDER, title="Приказ о стажировке")
    url = reverse("library:act_adopt", args=[act.pk])
    assert _client(client, world.colleague).get(url).status_code == 403  # a teacher runs nothing
    _client(client, world.methodist)
    response = client.post(
        url,
        {
            "organization": world.school_a.pk,
            "title": "Приказ",
            "order_number": "12-од",
            "order_date": "2030-01-01",
        },
    )
    assert "не может быть в будущем" in response.content.decode()
    response = client.post(
        url,
        {
            "organization": world.school_a.pk,
            "title": "Приказ",
            "order_number": "12-од",
            "order_date": "2024-09-01",
        },
    )
    assert response.status_code == 302 and act.adoptions.count() == 1


def test_the_catalogue_finds_word_forms_among_what_the_viewer_may_read(client, world):
    material(world, title="Методическая разработка для учителей начальных классов")
    material(world, title="Учитель и ученик: школьная разработка", visibility=V.ORGANIZATION)
    material(world, title="Черновик для учителя", status="draft")
    _client(client, world.colleague)  # school B: the network's, not school A's own
    page = client.get(reverse("library:catalogue"), {"q": "учитель"}).content.decode()
    assert "для учителей начальных классов" in page
    assert "Учитель и ученик" not in page and "Черновик для учителя" not in page
    _client(client, world.author)
    page = client.get(reverse("library:catalogue"), {"q": "учителя"}).content.decode()
    assert "для учителей начальных классов" in page and "Учитель и ученик" in page
    assert "Черновик для учителя" not in page  # her own draft is on «Мои материалы», not here


def test_facets_count_and_narrow(client, world):
    material(world, title="Конспект занятия", kind=Material.Kind.LESSON_PLAN)
    material(world, title="Карта урока", kind=Material.Kind.TECH_MAP)
    material(world, title="Ещё карта урока", kind=Material.Kind.TECH_MAP)
    _client(client, world.colleague)
    response = client.get(reverse("library:catalogue"))
    facets = response.context["facets"]
    kinds = {label: count for value, label, count in facets[0]["options"]}
    assert kinds == {"технологическая карта": 2, "конспект урока или занятия": 1}
    narrowed = client.get(reverse("library:catalogue"), {"kind": "tech_map"})
    assert narrowed.context["total"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "99999999999999"},
        {"competency": "x"},
        {"year": "99999999999999999999"},
        {"organization": "-1"},
        {"kind": "nonsense"},
        {"q": '"* OR NEAR( -'},
        {"q": "x" * 500},
    ],
)
def test_malformed_parameters_are_no_error(client, world, params):
    material(world)
    response = _client(client, world.colleague).get(reverse("library:catalogue"), params)
    assert response.status_code == 200


def test_the_catalogue_takes_the_same_queries_at_two_sizes(client, world):
    _client(client, world.colleague)
    for n in range(21):  # more than a page: the total is then counted at both sizes
        material(world, title=f"Разработка урока {n}")
    url = reverse("library:catalogue")
    client.get(url, {"q": "урок"})  # warm the session and the user's roles

    def count(params):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    small = (count({}), count({"q": "урок"}))
    for n in range(21, 45):
        material(world, title=f"Разработка урока {n}")
    assert (count({}), count({"q": "урок"})) == small
