"""``metodset backup`` and ``metodset restore``: the database and the media folder in one archive.

The database goes into the archive as Django's JSON fixture format (what ``loaddata`` reads):
every row of every model of every installed app, many-to-many tables as rows of their own,
with primary keys as they are (no natural keys), content types and permissions included, read
through each model's base manager, times to the microsecond. That is slower than ``pg_dump``
or SQLite's backup API, but it is the same file on both vendors, so a copy made on SQLite
restores on PostgreSQL and back, and a restore leaves every row, with its id, as it was. A
network of this size (the demo: 25,000 rows) dumps in seconds; ``loaddata`` reads the whole
dump into memory, so millions of rows want ``pg_dump`` instead (docs/operations.md).

An archive is a ``tar.gz`` of ``manifest.json`` (format version, date, database vendor, the
applied migrations, the row count of each model), ``database.json`` and ``media/``. A restore
migrates the target, refuses a copy whose migrations differ from the code's, refuses a database
that already has accounts or a media folder that has files (unless forced), replaces every
table in one transaction, resets PostgreSQL's sequences, checks the row counts and then puts
the media files in place. Not in the archive: ``SECRET_KEY`` (``var/secret_key``), the cache
table and the collected static files.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from metodset.core.search import engine as search_engine

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"


class BackupError(Exception):
    """A copy that can't be made or restored; the message is for the person at the console."""


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int


def _models(*, include_auto_created: bool = False) -> list[Any]:
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _row_counts() -> dict[str, int]:
    models = _models(include_auto_created=True)  # many-to-many tables too
    return {model._meta.label: model._base_manager.count() for model in models}


def _applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def backup_write(*, path: Path) -> dict[str, Any]:
    """Write the archive to ``path`` (through a temporary name, so a failed run leaves nothing)."""
    media_root = Path(settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DATABASE
        # One transaction, so the counts and the dump see the same rows: a snapshot on
        # PostgreSQL (its default isolation would let each query see newer rows); on SQLite
        # the transaction starts IMMEDIATE, so the worker's writes wait for the few seconds.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = _row_counts()
            _dump(dump)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": counts,
            "media_files": len(files),
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        with tarfile.open(partial, "w:gz") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DATABASE)
            for file in files:
                tar.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
    partial.replace(path)
    return manifest


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (for JavaScript); a copy keeps microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump(path: Path) -> None:
    """Every row of every model as loaddata reads it, many-to-many tables as rows of their own.

    Written model by model with each row's own columns only, so the links of a many-to-many
    field keep their ids too (loaddata would otherwise re-create them with new ones).
    """
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        first = True
        for model in _models(include_auto_created=True):
            fields = [field.name for field in model._meta.local_fields]
            rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
            text = serializers.serialize("json", rows, fields=fields, cls=_ExactEncoder)
            text = text.strip()[1:-1].strip()
            if text:
                out.write(("" if first else ",\n") + text)
                first = False
        out.write("]\n")


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise BackupError(
            "Это не резервная копия Методсети: в архиве нет описания (manifest.json)."
        )
    if manifest["format"] != FORMAT_VERSION:
        raise BackupError(
            f"Копия в формате {manifest['format']}, а эта версия Методсети читает формат "
            f"{FORMAT_VERSION}."
        )
    return manifest


def _check_migrations(manifest: dict[str, Any]) -> None:
    ours = set(_applied_migrations())
    theirs = set(manifest.get("migrations", []))
    if theirs - ours:
        raise BackupError(
            "Копия сделана более новой версией Методсети: в базе нет миграций "
            + ", ".join(sorted(theirs - ours)[:5])
            + ". Обновите Методсеть и повторите восстановление."
        )
    if ours - theirs:
        raise BackupError(
            "Копия сделана более старой версией Методсети (в ней нет миграций "
            + ", ".join(sorted(ours - theirs)[:5])
            + "). Восстановите её той версией, которой она сделана, затем обновите Методсеть."
        )


def _media_members(tar: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, PurePosixPath]]:
    """The archive's media files with their paths inside the media folder; nothing may leave it."""
    members = []
    for member in tar.getmembers():
        name = PurePosixPath(member.name)
        if not name.parts or name.parts[0] != MEDIA or len(name.parts) < 2:
            continue
        relative = PurePosixPath(*name.parts[1:])
        if not member.isfile() or name.is_absolute() or ".." in relative.parts:
            raise BackupError(f"В копии недопустимый файл: {member.name}. Восстановление отменено.")
        members.append((member, relative))
    return members


def _database_has_people() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model()._base_manager.exists()


def backup_restore(*, path: Path, force: bool = False) -> Restored:
    """Replace the database and the media folder by the archive at ``path``.

    The target is migrated first; its migrations must be the copy's.
    """
    if not path.is_file():
        raise BackupError(f"Файл {path} не найден.")
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the ``with`` below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"Не удалось открыть архив {path}: {exc}") from exc
    media_root = Path(settings.MEDIA_ROOT)
    with tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        media = _media_members(tar)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        _check_migrations(manifest)
        if not force:
            if _database_has_people():
                raise BackupError(
                    "В базе уже есть учётные записи: восстановление заменило бы все данные. "
                    "Восстанавливайте в новую базу или добавьте --force."
                )
            if _media_files(media_root):
                raise BackupError(
                    f"В каталоге файлов {media_root} уже есть файлы. "
                    "Укажите пустой каталог (MEDIA_ROOT) или добавьте --force."
                )
        dump = Path(tmp) / DATABASE
        source = tar.extractfile(DATABASE) if DATABASE in tar.getnames() else None
        if source is None:
            raise BackupError("В копии нет базы данных (database.json).")
        with source, dump.open("wb") as out:
            shutil.copyfileobj(source, out)
        with transaction.atomic():
            # Everything goes, content types and permissions too: the copy brings its own,
            # with their ids, which other rows point at.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
            _reset_sequences()
            # The search indexes are not models: rebuilt from the rows just loaded.
            search_engine.rebuild_all()
            counts = _row_counts()
            expected = manifest.get("rows", {})
            differ = sorted(
                label
                for label in expected.keys() | counts.keys()
                if expected.get(label, 0) != counts.get(label, 0)
            )
            if differ:
                raise BackupError(
                    "После загрузки число записей не совпало с копией в таблицах: "
                    + ", ".join(differ[:5])
                    + ". База оставлена как была."
                )
        _restore_media(tar, media, media_root)
    return Restored(rows=sum(counts.values()), files=len(media))


def _reset_sequences() -> None:
    """New rows must not collide with the loaded ids (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_media(
    tar: tarfile.TarFile, members: list[tuple[tarfile.TarInfo, PurePosixPath]], root: Path
) -> None:
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    for member, relative in members:
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is None:
            continue
        with source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
