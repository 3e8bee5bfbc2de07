"""The MailSender port over SMTP (aiosmtplib): one connection a message, STARTTLS or
implicit TLS as configured. Failures are reported by SMTP code only: a server's answer
often quotes the recipient's address, which must not reach a log."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

import aiosmtplib

from application.alerts.ports import MailDeliveryFailed, MailMessage

if TYPE_CHECKING:
    from adapters.settings import Settings


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    sender: str  # the From address
    username: str | None = None
    password: str | None = None
    security: str = "starttls"  # starttls | tls | none
    timeout: float = 30.0


class SmtpMailSender:
    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, message: MailMessage) -> None:
        email = EmailMessage()
        email["From"] = self._config.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        for name, value in message.headers.items():
            email[name] = value
        email.set_content(message.text)
        c = self._config
        try:
            await aiosmtplib.send(
                email,
                hostname=c.host,
                port=c.port,
                username=c.username,
                password=c.password,
                use_tls=c.security == "tls",
                start_tls=c.security == "starttls",
                timeout=c.timeout,
            )
        except aiosmtplib.SMTPResponseException as error:
            raise MailDeliveryFailed(
                f"SMTP answered {error.code}", permanent=500 <= error.code < 600
            ) from None
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailDeliveryFailed(f"SMTP unreachable: {type(error).__name__}") from None


def smtp_sender(settings: Settings) -> SmtpMailSender:
    """The sender the settings describe (JOBBOARD_SMTP_*)."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return SmtpMailSender(
        SmtpConfig(
            host=settings.smtp_host or "localhost",
            port=settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=password,
            security=settings.smtp_security,
        )
    )
