"""Writes of the author's side: a draft of a work for an open call, kept, edited and handed in;
a revised version handed in after the conclusions.

A draft (``Item.Status.DRAFT``) is an item with its first version that only its authors see:
it is saved as often as the author likes, and «Передать на экспертизу» hands it in under the
rules of the one-step entry (``items.entry_check``: the call is open, its deadline has not
passed, consent is given, there is a work). Only then do coordinators and experts see it.

A revision never rewrites what was examined: it is a new ``ItemVersion``, the item's current
version moves on, and the earlier versions with their conclusions and decisions stay as they
were. The new version waits for experts again (``submitted``); the coordinator assigns them.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User

from ..models import Campaign, Item, ItemVersion
from .campaigns import CampaignError
from .items import author_add, entry_check, entry_open_check

REVISABLE = (Item.Status.REVISION,)


class AuthoringError(ValueError):
    """The item can't be revised (or its draft changed) now; the message says why."""


# --- drafts ---------------------------------------------------------------------------------


def _draft_locked(item: Item, by: User) -> Item:
    """The draft, locked for the write, or AuthoringError when it is no longer a draft or the
    person is not its author (views give 404 before that; this guards the rule itself)."""
    item = Item.objects.select_for_update().select_related("campaign").get(pk=item.pk)
    if item.status != Item.Status.DRAFT:
        raise AuthoringError(_("The work is already handed in; it is no longer a draft."))
    if not item.authors.filter(user=by).exists():
        raise AuthoringError(_("Only an author can change the draft."))
    return item


def _version_fill(
    version: ItemVersion, *, text: str, url: str, file: UploadedFile[bytes] | None
) -> None:
    version.text = text.strip()
    version.url = url.strip()
    if file is not None:
        _file_drop_on_commit(version)
        version.file.save(file.name or "file", file, save=False)
    version.save()


def _file_drop_on_commit(version: ItemVersion) -> None:
    """A draft's file replaced or deleted goes from the storage once the change is kept."""
    if version.file and version.file.name:
        name, storage = version.file.name, version.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def item_draft_create(
    *,
    campaign: Campaign,
    author: User,
    title: str,
    annotation: str = "",
    text: str = "",
    url: str = "",
    file: UploadedFile[bytes] | None = None,
    consent: bool = False,
) -> Item:
    """Start a work for an open call as a draft: nobody but its author sees it yet."""
    try:
        entry_open_check(campaign)
    except CampaignError as error:
        raise AuthoringError(str(error)) from error
    item = Item.objects.create(
        campaign=campaign,
        title=title.strip(),
        description=annotation.strip(),
        status=Item.Status.DRAFT,
        consent_at=timezone.now() if consent else None,
    )
    author_add(item, author)
    _version_fill(
        ItemVersion(item=item, number=1, created_by=author), text=text, url=url, file=file
    )
    audit_record(actor=author, action="expertise.item_draft_create", target=item)
    return item


@transaction.atomic
def item_draft_save(
    *,
    item: Item,
    by: User,
    title: str,
    annotation: str = "",
    text: str = "",
    url: str = "",
    file: UploadedFile[bytes] | None = None,
    consent: bool = False,
) -> Item:
    """Keep what the author typed in her draft; a file already attached stays unless she
    attaches another."""
    item = _draft_locked(item, by)
    item.title = title.strip()
    item.description = annotation.strip()
    if not consent:
        item.consent_at = None
    elif item.consent_at is None:
        item.consent_at = timezone.now()
    item.save(update_fields=["title", "description", "consent_at"])
    version = item.versions.get(number=1)
    _version_fill(version, text=text, url=url, file=file)
    audit_record(actor=by, action="expertise.item_draft_save", target=item)
    return item


@transaction.atomic
def item_draft_submit(*, item: Item, by: User) -> Item:
    """«Передать на экспертизу»: the draft, as saved, is handed in under the rules of the
    one-step entry and awaits experts."""
    item = _draft_locked(item, by)
    version = item.versions.get(number=1)
    try:
        entry_check(
            campaign=item.campaign,
            consent=item.consent_at is not None,
            has_work=bool(version.file or version.url or version.text),
        )
    except CampaignError as error:
        raise AuthoringError(str(error)) from error
    now = timezone.now()
    item.status = Item.Status.SUBMITTED
    item.created_at = now
    item.consent_at = now
    item.save(update_fields=["status", "created_at", "consent_at"])
    version.created_at = now
    version.save(update_fields=["created_at"])
    audit_record(
        actor=by,
        action="expertise.item_draft_submit",
        target=item,
        changes={"status": [Item.Status.DRAFT.value, Item.Status.SUBMITTED.value]},
    )
    return item


@transaction.atomic
def item_draft_delete(*, item: Item, by: User) -> None:
    """Delete a draft with its file; a handed-in work is never deleted this way."""
    item = _draft_locked(item, by)
    version = item.versions.get(number=1)
    audit_record(actor=by, action="expertise.item_draft_delete", target=item)
    _file_drop_on_commit(version)
    item.delete()


@transaction.atomic
def item_revise(
    *,
    item: Item,
    by: User,
    note: str,
    text: str = "",
    url: str = "",
    file: UploadedFile[bytes] | None = None,
) -> ItemVersion:
    """Hand in the next version of an item returned for revision."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status not in REVISABLE:
        raise AuthoringError(_("The item can be revised only when it is returned for revision."))
    if not item.authors.filter(user=by).exists():
        raise AuthoringError(_("Only an author can revise the item."))
    if not (text.strip() or url.strip() or file):
        raise AuthoringError(_("Give the revised text, a link or a file."))
    version = ItemVersion(
        item=item,
        number=item.version + 1,
        text=text.strip(),
        url=url.strip(),
        note=note.strip(),
        created_by=by,
    )
    if file is not None:
        version.file.save(file.name or "file", file, save=False)
    version.save()
    item.version = version.number
    item.status = Item.Status.SUBMITTED
    item.verdict = ""
    item.decided_at = None
    item.save(update_fields=["version", "status", "verdict", "decided_at"])
    audit_record(actor=by, action="expertise.item_revise", target=version)
    return version
