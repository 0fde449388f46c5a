"""E-mail alerts through the shop's own mail server (settings WAYBILL_SMTP_*), standard smtplib."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from waybill_ui.config import Settings


def send(settings: Settings, *, to: str, subject: str, text: str, timeout_s: float = 15.0) -> None:
    """Raises OSError / smtplib.SMTPException when the mail cannot be handed over."""
    if not settings.smtp_host:
        raise smtplib.SMTPException("WAYBILL_SMTP_HOST is not set")
    message = EmailMessage()
    message["From"] = settings.smtp_from or settings.smtp_user
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    client: smtplib.SMTP
    if settings.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout_s, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout_s)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password)
        client.send_message(message, to_addrs=[a.strip() for a in to.replace(";", ",").split(",") if a.strip()])
