"""Sign-in forms: log in, password reset (delivered through the e-mail queue)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metodset.core.services import email_queue

from ..throttling import password_reset_allowed


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Wrong e-mail or password. Both fields are case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link as a queued task instead of inside the request.

    Requests over the hour's limit (see throttling.py) send nothing; the page that follows
    is the same either way.
    """

    def save(self, *args, request=None, **kwargs):
        if password_reset_allowed(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        link = reverse(
            "accounts:password_set", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        email_queue(
            to=to_email,
            subject=_("Password reset on Metodset"),
            template="accounts/email/password_reset",
            context={"user": user, "link": link},
        )
