"""Form widgets shared by the apps."""

from django.forms import ClearableFileInput


class ProtectedFileInput(ClearableFileInput):
    """Django's file input with «clear», naming the current file without a link to it: uploads
    have no public address, each app's view sends them after its check (core/uploads.py)."""

    template_name = "core/widgets/protected_file_input.html"
