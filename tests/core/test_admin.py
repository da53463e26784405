"""Every model of ours is in the admin, titled in Russian, and each page opens for staff only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from .. import factories
from ..conftest import client_for

OUR_MODELS = [m for m in apps.get_models() if m.__module__.startswith("metodset.")]


def _id(model) -> str:
    return model._meta.label


def test_every_model_of_ours_is_registered():
    missing = [m._meta.label for m in OUR_MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.fixture
def admin_client(world):
    event = factories.event(organizer=world.school)
    factories.registration(event=event, user=world.teacher)
    return client_for(world.superuser)


@pytest.mark.parametrize("model", OUR_MODELS, ids=_id)
def test_changelist_search_add_and_change_pages_open_for_a_superuser(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Петрова ivan@example.ru"}).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
        == 200
    )
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_admin_is_titled_for_metodset_in_russian(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "Администрирование Методсети" in html
    assert "Django" not in html
    assert "Фоновые задачи" in html
    assert "Результаты задач" in html


def test_titles_keep_the_models_name_in_the_nominative(admin_client):
    html = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "Выберите для изменения: человек" in html
    assert "Добавить: человек" in html
    assert "Выберите человек" not in html


def test_a_teacher_is_sent_to_the_admin_login(world):
    response = client_for(world.teacher).get(reverse("admin:programs_program_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
