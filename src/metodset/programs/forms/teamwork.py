"""Forms of the team's work: a submission (the event-design card, text, video, file), the
tutor's review and a message in the team thread."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.core import uploads

from ..models import (
    Assignment,
    ProgramMember,
    Submission,
)
from ..schemes import EVENT_CARD
from ..services import submission_checks, teamwork

Role = ProgramMember.Role
State = Submission.State
Kind = Assignment.Kind


class _NeededToHandIn(forms.CharField):
    """Marked required, as it is to hand the work in, yet a draft may leave it empty."""

    def validate(self, value: Any) -> None:
        return None  # emptiness is the service's concern when the work is handed in


def _part_labels(assignment: Assignment) -> dict[str, Any]:
    text = {
        Kind.EVENT_CARD: gettext_lazy("Scenario and other notes"),
        Kind.VIDEO: gettext_lazy("About the video"),
        Kind.FREE: gettext_lazy("The work"),
    }[Kind(assignment.kind)]
    file = (
        gettext_lazy("Video file")
        if assignment.kind == Kind.VIDEO
        else gettext_lazy("File: presentation, scenario, materials")
    )
    return {"text": text, "video_url": gettext_lazy("Link to the video"), "file": file}


def _parts(assignment: Assignment) -> list[str]:
    """The parts of the work besides the card, in the order they are shown."""
    if assignment.kind == Kind.EVENT_CARD:
        return ["text", "file"]
    if assignment.kind == Kind.VIDEO:
        return ["video_url", "file", "text"]
    return ["text", "file", "video_url"]


class SubmissionForm(forms.Form):
    """The work as the team types it: the event card's fields, text, link, file."""

    use_required_attribute = False  # a draft may be saved half-filled

    def __init__(self, *args: Any, assignment: Assignment, has_file: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        labels = _part_labels(assignment)
        if assignment.kind == Kind.EVENT_CARD:
            for key, label, help_text in EVENT_CARD:
                field_class = _NeededToHandIn if key in teamwork.CARD_REQUIRED else forms.CharField
                widget = (
                    forms.TextInput()
                    if key == "title"
                    else forms.Textarea(attrs={"rows": 3 if key != "tasks" else 4})
                )
                self.fields[key] = field_class(
                    label=label,
                    help_text=help_text,
                    required=key in teamwork.CARD_REQUIRED,
                    strip=True,
                    widget=widget,
                )
        for part in _parts(assignment):
            if part == "text":
                self.fields["text"] = forms.CharField(
                    label=labels["text"],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6 if assignment.kind == Kind.FREE else 3}),
                )
            elif part == "video_url":
                self.fields["video_url"] = forms.CharField(
                    label=labels["video_url"],
                    required=False,
                    help_text=_("A link to the video on RuTube, VK Video or YouTube."),
                    widget=forms.TextInput(
                        attrs={"inputmode": "url", "placeholder": "https://rutube.ru/video/…"}
                    ),
                )
            else:
                video = assignment.kind == Kind.VIDEO
                self.fields["file"] = forms.FileField(
                    label=labels["file"],
                    required=False,
                    help_text=(
                        _("Or upload the video: up to %(limit)s MB, %(types)s.")
                        % {
                            "limit": teamwork.video_max_bytes() // (1024 * 1024),
                            "types": ", ".join(sorted(teamwork.VIDEO_EXTENSIONS)),
                        }
                        if video
                        else _("Up to %(limit)s MB: %(types)s.")
                        % {
                            "limit": uploads.megabytes(settings.EVENT_MATERIAL_MAX_BYTES),
                            "types": ", ".join(sorted(uploads.MATERIAL_EXTENSIONS)),
                        }
                    ),
                    widget=forms.ClearableFileInput(attrs={"accept": "video/*"} if video else {}),
                )
                if has_file:
                    self.fields["clear_file"] = forms.BooleanField(
                        label=_("Remove the attached file"), required=False
                    )

    def submission_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "text": data.get("text", ""),
            "video_url": data.get("video_url", ""),
            "file": data.get("file") or None,
            "clear_file": bool(data.get("clear_file")),
        }
        if self.assignment.kind == Kind.EVENT_CARD:
            fields["card"] = {key: data.get(key, "") for key in submission_checks.CARD_KEYS}
        return fields


class ReviewForm(forms.Form):
    """The tutor's comments beside each field of the handed-in work, and a general one."""

    use_required_attribute = False

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [key for key, _label in keys]
        for key, label in keys:
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Comment on «%(label)s»") % {"label": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["general"] = forms.CharField(
            label=_("General comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}") or "" for key in self.keys}


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    to_tutor = forms.BooleanField(label=gettext_lazy("A request to the tutor"), required=False)

    use_required_attribute = False

    def __init__(self, *args: Any, may_ask_tutor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_ask_tutor:
            del self.fields["to_tutor"]
