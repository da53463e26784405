"""Forms of accounts, one module per page family: ``sign_in``, ``people``, ``directory``,
``imports``; every form is importable from ``metodset.accounts.forms``."""

from .directory import ApiTokenForm, PartnerFilterForm
from .imports import ImportUploadForm
from .people import AuditFilterForm, InviteForm, ProfileForm
from .sign_in import LoginForm, PasswordResetForm

__all__ = [
    "ApiTokenForm",
    "AuditFilterForm",
    "ImportUploadForm",
    "InviteForm",
    "LoginForm",
    "PartnerFilterForm",
    "PasswordResetForm",
    "ProfileForm",
]
