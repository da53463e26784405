"""The upload form of the import: kind, file (size and type checked), options.

The form checks only what is cheap: the size, the extension, the first bytes and an
XLSX's ZIP directory. Nothing is parsed in the web request, whatever the file's size: a
small XLSX can unpack to millions of rows, so the size of an upload says little about
the work it makes. Headers and rows are checked once, by the worker, and the batch page
shows the progress and then the preview or the reason the file was refused.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..importing import ORGANIZATIONS, PEOPLE, ImportFileError
from ..importing.reading import check_upload, size_text
from ..models import ImportBatch, Network, Organization, User


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(label=_("File"))
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
        label=_("Default organisation"),
        help_text=_("For people rows whose «Организация» cell is empty or missing."),
    )
    network = forms.ModelChoiceField(
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("— not chosen —"),
        label=_("Network the organisations join"),
        help_text=_("Imported organisations become partners of this network."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        kinds = []
        if permissions.can_import_people(user):
            kinds.append((PEOPLE, capfirst(ImportBatch.Kind.PEOPLE.label)))
        if permissions.can_import_organizations(user):
            kinds.append((ORGANIZATIONS, capfirst(ImportBatch.Kind.ORGANIZATIONS.label)))
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        self.fields["file"].help_text = _("XLSX or CSV, up to %(size)s.") % {
            "size": size_text(settings.IMPORT_MAX_BYTES)
        }
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

        # Managers and methodists usually import their own staff: offer their organisations.
        staff_orgs = permissions.staff_organization_ids(user)
        if staff_orgs and not user.is_superuser:
            field = cast(forms.ModelChoiceField, self.fields["organization"])
            field.queryset = Organization.objects.filter(pk__in=staff_orgs).order_by("short_name")
            # Preselected only for those who import nothing but their own staff: a
            # coordinator's file names organisations, and a silent default would hide gaps.
            if len(staff_orgs) == 1 and not permissions.can_import_organizations(user):
                field.initial = next(iter(staff_orgs))
        else:
            del self.fields["organization"]

        # A coordinator of one network needs no choice; of several, or a superuser, does.
        network = cast(forms.ModelChoiceField, self.fields["network"])
        if user.is_superuser:
            network.queryset = Network.objects.order_by("name")
        elif len(permissions.coordinated_network_ids(user)) > 1:
            network.queryset = Network.objects.filter(
                pk__in=permissions.coordinated_network_ids(user)
            ).order_by("name")
        else:
            del self.fields["network"]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s."),
                params={"size": size_text(settings.IMPORT_MAX_BYTES)},
                code="too_large",
            )
        try:
            check_upload(file=upload, filename=upload.name or "")
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc), code="type") from None
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        network_missing = "network" in self.fields and not data.get("network")
        if kind == ORGANIZATIONS and network_missing and not self.user.is_superuser:
            self.add_error("network", _("Choose the network the organisations join."))
        return data
