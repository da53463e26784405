"""The demo's e-mail backend: one line on the console per letter, nothing sent.

The letters themselves are kept (``OutgoingEmail``) and shown to the superuser on
«Отправленные письма»; printing their whole text would bury the demo logins under pages of
letters when the demo loads its programmes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class DemoEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            print(f"✉ {', '.join(message.to)}: {message.subject}", file=sys.stdout, flush=True)
        return len(email_messages)
