"""E-mail over SMTP, configured by environment variables (COALITION_SMTP_*).

The Message-ID of every e-mail is derived from its delivery key (tenant, outbox row,
person), so that if a crash between sending and recording ever makes a second copy, the
copies are recognisably the same message (mail clients and servers fold them).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Protocol

from coalition.settings import Settings

#: STARTTLS on a plain connection, implicit TLS ("ssl", also written "tls"), or none.
TLS_MODES = ("starttls", "ssl", "tls", "none")


class PermanentFailure(Exception):
    """The server refused the message for good (5xx): sending it again will not help."""


class Mailer(Protocol):
    sender: str

    async def send(self, message: EmailMessage) -> None: ...


def message_id(tenant_id: int, outbox_id: int, person_id: int, sender: str) -> str:
    domain = sender.rpartition("@")[2].strip(" >") or "coalition.invalid"
    return f"<coalition.{tenant_id}.{outbox_id}.{person_id}.email@{domain}>"


def build(*, sender: str, to: str, name: str, subject: str, body: str, msg_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((name, to))
    message["Subject"] = subject
    message["Message-ID"] = msg_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8", cte="base64")
    return message


@dataclass(frozen=True, slots=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    tls: str = "starttls"
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer | None:
        """The configured mailer, or None when COALITION_SMTP_HOST is unset."""
        if not settings.smtp_host:
            return None
        if settings.smtp_tls not in TLS_MODES:
            raise ValueError(f"COALITION_SMTP_TLS must be one of {', '.join(TLS_MODES)}")
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            user=settings.smtp_user,
            password=settings.smtp_password,
            tls=settings.smtp_tls,
            timeout=settings.smtp_timeout,
        )

    async def send(self, message: EmailMessage) -> None:
        """Send one message (off the event loop); 5xx refusals raise PermanentFailure."""
        await asyncio.to_thread(self._send, message)

    def _send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls in ("ssl", "tls"):
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            with smtp:
                if self.tls == "starttls":
                    smtp.starttls(context=context)
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(str(error)) from error
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                raise PermanentFailure(f"{error.smtp_code} {error.smtp_error!r}") from error
            raise
