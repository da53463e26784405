"""``metodset import people|organizations FILE``: counts, each rejected row, exit codes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metodset.accounts.models import AuditEntry, Organization, User
from metodset.cli import main

from .import_helpers import ORGANIZATION_HEADER, PEOPLE_HEADER, csv_bytes, people_rows, xlsx_bytes


@pytest.fixture
def people_file(world, tmp_path):
    rows = [PEOPLE_HEADER] + people_rows(3, [world.school.short_name])
    rows.append(["Орлова", "", "", "orlova@", world.school.short_name, "", "", "", "", ""])
    rows.append(["Титов", "Ян", "", "titov@example.ru", "Нет такой школы", "", "", "", "", ""])
    path = tmp_path / "люди.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


@pytest.fixture
def good_file(world, tmp_path):
    path = tmp_path / "хорошие.csv"
    path.write_bytes(
        csv_bytes([PEOPLE_HEADER] + people_rows(3, [world.school.short_name]), encoding="cp1251")
    )
    return path


def test_rejected_rows_are_printed_and_the_exit_code_is_not_zero(people_file, capsys):
    code = main(["import", "people", str(people_file)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Создано: 3, обновлено: 0, без изменений: 0, отклонено: 2" in out
    assert (
        "Строка 5: Не заполнен столбец «Имя»; некорректный адрес электронной почты «orlova@»" in out
    )
    assert "Строка 6: Организации «Нет такой школы» нет на платформе" in out
    assert "Отклонено строк: 2. Исправьте их и импортируйте файл снова." in err
    assert User.objects.filter(email__endswith="@example.org").count() == 3


def test_a_clean_file_exits_with_zero_and_a_second_run_changes_nothing(good_file, capsys):
    assert main(["import", "people", str(good_file)]) == 0
    assert "Создано: 3, обновлено: 0, без изменений: 0, отклонено: 0" in capsys.readouterr().out
    entries = AuditEntry.objects.count()
    assert main(["import", "people", str(good_file)]) == 0
    assert "Создано: 0, обновлено: 0, без изменений: 3, отклонено: 0" in capsys.readouterr().out
    assert AuditEntry.objects.count() == entries


def test_without_by_the_system_is_the_actor_and_with_by_the_person(world, good_file, tmp_path):
    main(["import", "people", str(good_file)])
    assert AuditEntry.objects.get(action="imported").actor is None

    other = tmp_path / "ещё.xlsx"
    other.write_bytes(
        xlsx_bytes([PEOPLE_HEADER] + people_rows(2, [world.school.short_name], seed=99))
    )
    assert main(["import", "people", str(other), "--by", "COORD@example.ru"]) == 0
    assert AuditEntry.objects.filter(action="imported", actor=world.coordinator).count() == 1


def test_by_a_person_without_the_role_fails(world, good_file, capsys):
    assert main(["import", "people", str(good_file), "--by", world.teacher.email]) == 1
    assert "У teacher@example.ru нет права на такой импорт." in capsys.readouterr().err
    assert not User.objects.filter(email__endswith="@example.org").exists()


def test_by_an_unknown_person_fails(good_file, capsys):
    assert main(["import", "people", str(good_file), "--by", "nobody@example.ru"]) == 1
    assert "Нет действующей учётной записи с адресом nobody@example.ru." in capsys.readouterr().err


def test_a_bad_file_fails_with_its_reason(db, tmp_path, capsys):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not a workbook")
    assert main(["import", "people", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV." in err
    assert main(["import", "people", str(tmp_path / "missing.xlsx")]) == 1
    assert "Файл не найден" in capsys.readouterr().err


def test_organisations_from_the_command_line(world, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        csv_bytes(
            [
                ORGANIZATION_HEADER,
                ["МБОУ «СОШ № 8»", "СОШ № 8", "школа", "Омская область", "Омск", "3906021446"],
                ["Плохая", "Плохая", "школа", "Омская область", "Омск", "3906021447"],
            ]
        )
    )
    assert main(["import", "organizations", str(path), "--by", world.coordinator.email]) == 1
    out = capsys.readouterr().out
    assert "Создано: 1, обновлено: 0, без изменений: 0, отклонено: 1" in out
    assert "Строка 3: Неверная контрольная сумма ИНН 3906021447" in out
    assert world.network.partners.filter(pk=Organization.objects.get(inn="3906021446").pk).exists()


def test_call_command_raises_command_error_on_rejected_rows(people_file):
    with pytest.raises(CommandError):
        call_command("import_rows", "people", str(people_file))


def test_dry_run_changes_nothing(good_file, capsys):
    call_command("import_rows", "people", str(good_file), "--dry-run")
    out = capsys.readouterr().out
    assert "Пробный запуск: ничего не изменено." in out
    assert "Создано: 3" in out
    assert not User.objects.filter(email__endswith="@example.org").exists()
