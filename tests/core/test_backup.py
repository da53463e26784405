"""``metodset backup`` → a fresh database → ``metodset restore``: every table and file as it was.

The source is the demo network loaded by a real ``metodset demo --no-serve`` into a SQLite
folder of the module's own, once (``demo_copy``); each side is read back by its own process.
On a PostgreSQL run that SQLite copy is first restored into a PostgreSQL database, and must
arrive identical (a copy made on SQLite restores on PostgreSQL); that database is then the
source of the round trip, so backup and restore are proved on PostgreSQL itself. Every
PostgreSQL database is created here and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

# Every row of every table (many-to-many ones too), ordered by primary key, as the process
# that runs it sees its database; with SNAPSHOT_COUNTS, only how many rows each has.
SNAPSHOT = r"""
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodset.settings")
django.setup()
from django.apps import apps

tables = {}
for model in apps.get_models(include_auto_created=True):
    if not model._meta.managed or model._meta.proxy:
        continue
    if os.environ.get("SNAPSHOT_COUNTS"):
        tables[model._meta.label] = model._base_manager.count()
        continue
    names = [field.attname for field in model._meta.concrete_fields]
    tables[model._meta.label] = list(model._base_manager.order_by("pk").values_list(*names))


def text(value):
    # Times as ISO strings (microseconds, offset), decimals and UUIDs as text: either vendor.
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


print(json.dumps(tables, default=text, ensure_ascii=False))
"""


@contextlib.contextmanager
def _fresh_database() -> Iterator[dict[str, str]]:
    """Environment for a new, empty database: SQLite in the var folder, or a new PostgreSQL one."""
    if connection.vendor == "sqlite":
        yield {}
        return
    import psycopg

    params = connection.settings_dict
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"] or "postgres",
        "password": params["PASSWORD"] or None,
    }
    name = f"metodset_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['password']}" if server["password"] else ""
        yield {
            "DATABASE_URL": f"postgres://{server['user']}{password}@{server['host']}"
            f":{server['port']}/{name}"
        }
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(var: Path, database: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, "METODSET_VAR": str(var), "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "TASKS_IMMEDIATE"):
        env.pop(name, None)
    env["EMAIL_BACKEND"] = "metodset.core.mail.DemoEmailBackend"
    return {**env, **database}


def _metodset(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metodset.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _tables(env: dict[str, str], *, counts: bool = False) -> dict[str, list]:
    env = {**env, "SNAPSHOT_COUNTS": "1" if counts else ""}
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _with_manifest(source: Path, target: Path, **changes) -> None:
    """A copy of the archive whose manifest is changed (as a copy from another version would be)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else None
            if member.name == "manifest.json":
                data = json.dumps({**json.loads(data), **changes}).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data) if data is not None else None)


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> tuple[dict[str, str], Path, Path]:
    """The demo in a SQLite folder, a file in a nested folder with Russian names added to its
    media, and its backup: (the environment that reads it, its folder, the archive)."""
    folder = tmp_path_factory.mktemp("backup") / "demo"
    source = _env(folder, {})
    loaded = _metodset(source, "demo", "--no-serve")
    assert loaded.returncode == 0, loaded.stderr
    nested = folder / "media" / "library" / "материалы"
    nested.mkdir(parents=True)
    (nested / "Технологическая карта урока.docx").write_bytes(bytes(range(256)) * 40)
    archive = folder.parent / "копия.tar.gz"
    made = _metodset(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Резервная копия записана: {archive}")
    return source, folder, archive


def test_backup_and_restore_leave_every_table_and_file_identical(tmp_path, demo_copy):
    demo, demo_folder, archive = demo_copy
    with _fresh_database() as source_db, _fresh_database() as target_db:
        source, source_media = demo, demo_folder / "media"
        if source_db:  # PostgreSQL: the SQLite copy, restored, is the source
            source, source_media = (
                _env(tmp_path / "source", source_db),
                tmp_path / "source" / "media",
            )
            restored = _metodset(source, "restore", str(archive))
            assert restored.returncode == 0, restored.stderr
            assert _tables(source) == _tables(demo)
            assert _files(source_media) == _files(demo_folder / "media")
            archive = tmp_path / "копия.tar.gz"
            made = _metodset(source, "backup", str(archive))
            assert made.returncode == 0, made.stderr
            assert made.stdout.startswith(f"Резервная копия записана: {archive}")

        target = _env(tmp_path / "target", target_db)
        restored = _metodset(target, "restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert restored.stdout.startswith(f"Восстановлено из {archive}")

        before = _tables(source)
        assert len(before["accounts.User"]) == 155 and before["auth.Permission"]
        assert _tables(target) == before
        source_files = _files(source_media)
        assert any(name.endswith(".pdf") for name in source_files)
        assert _files(tmp_path / "target" / "media") == source_files

        # A second restore would overwrite data: refused without --force, allowed with it.
        again = _metodset(target, "restore", str(archive))
        assert again.returncode == 1
        assert "В базе уже есть учётные записи" in again.stderr
        (tmp_path / "target" / "media" / "лишний.txt").write_text("не из копии")
        forced = _metodset(target, "restore", "--force", str(archive))
        assert forced.returncode == 0, forced.stderr
        # The same restore as above, over the data: the counts tell it replaced, not added.
        assert _tables(target, counts=True) == {label: len(rows) for label, rows in before.items()}
        assert _files(tmp_path / "target" / "media") == source_files

        # New rows get new ids after a restore (PostgreSQL's sequences were reset).
        added = _metodset(
            target,
            "manage",
            "shell",
            "-c",
            "from metodset.accounts.models import Region; print(Region.objects.create("
            "name='Новый регион', time_zone='Asia/Kamchatka').pk)",
        )
        assert added.returncode == 0, added.stderr
        assert int(added.stdout.split()[-1]) == max(row[0] for row in before["accounts.Region"]) + 1

        # A copy made by another version of the code is refused and changes nothing.
        newer = tmp_path / "newer.tar.gz"
        with tarfile.open(archive) as tar:
            migrations = json.load(tar.extractfile("manifest.json"))["migrations"]
        _with_manifest(archive, newer, migrations=[*migrations, "core.9999_future"])
        refused = _metodset(target, "restore", "--force", str(newer))
        assert refused.returncode == 1
        assert "более новой версией Методсети" in refused.stderr
        assert "core.9999_future" in refused.stderr
        assert _tables(target, counts=True)["accounts.Region"] == len(before["accounts.Region"]) + 1


def test_restore_refuses_a_file_that_is_not_a_copy(tmp_path):
    not_a_copy = tmp_path / "photo.tar.gz"
    with tarfile.open(not_a_copy, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO(b""))
    env = _env(tmp_path / "var", {})
    result = _metodset(env, "restore", str(not_a_copy))
    assert result.returncode == 1
    assert "Это не резервная копия Методсети" in result.stderr

    missing = _metodset(env, "restore", str(tmp_path / "нет.tar.gz"))
    assert missing.returncode == 1
    assert "не найден" in missing.stderr
