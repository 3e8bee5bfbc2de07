"""The emails alerts send: the confirmation, one posting (instant) and the daily digest.

Every one carries the alert's one-click unsubscribe link as RFC 8058 asks: a
List-Unsubscribe header with the https link, and List-Unsubscribe-Post saying a POST of
``List-Unsubscribe=One-Click`` to it unsubscribes. The Message-ID is the mail row's, so
a mail sent again after a crash (the at-least-once edge, decision 022) is recognisably
the same message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.alerts.links import AlertLinks
from application.alerts.ports import MailMessage


@dataclass(frozen=True, slots=True)
class MailedPosting:
    posting_id: UUID
    title: str
    company_name: str


@dataclass(frozen=True, slots=True)
class AlertMailContext:
    mail_id: int
    to: str
    links: AlertLinks
    base_url: str  # the board's public https origin


def _unsubscribe_url(context: AlertMailContext) -> str:
    return f"{context.base_url}/v1/alerts/unsubscribe?token={context.links.unsubscribe}"


def _headers(context: AlertMailContext) -> dict[str, str]:
    host = context.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "jobboard"
    return {
        "Message-ID": f"<alert-mail-{context.mail_id}@{host}>",
        "List-Unsubscribe": f"<{_unsubscribe_url(context)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _footer(context: AlertMailContext) -> str:
    return f"\n--\nStop this alert: {_unsubscribe_url(context)}\n"


def _posting_url(context: AlertMailContext, posting: MailedPosting) -> str:
    return f"{context.base_url}/v1/postings/{posting.posting_id}"


def confirmation_mail(context: AlertMailContext, search: str) -> MailMessage:
    confirm = f"{context.base_url}/v1/alerts/confirm?token={context.links.confirm}"
    text = (
        "Someone (we hope you) asked this job board to email you new postings"
        f" matching: {search}\n\n"
        f"Confirm the alert within 48 hours: {confirm}\n\n"
        "If it was not you, ignore this email: nothing more will be sent.\n" + _footer(context)
    )
    return MailMessage(context.to, "Confirm your job alert", text, _headers(context))


def posting_mail(context: AlertMailContext, posting: MailedPosting) -> MailMessage:
    text = (
        f"A new posting matches your job alert:\n\n{posting.title} at {posting.company_name}\n"
        f"{_posting_url(context, posting)}\n" + _footer(context)
    )
    subject = f"New job: {posting.title}"[:150]
    return MailMessage(context.to, subject, text, _headers(context))


def digest_mail(context: AlertMailContext, postings: Sequence[MailedPosting]) -> MailMessage:
    lines = [f"- {p.title} at {p.company_name}\n  {_posting_url(context, p)}" for p in postings]
    text = (
        f"{len(postings)} new postings match your job alert:\n\n"
        + "\n".join(lines)
        + "\n"
        + _footer(context)
    )
    subject = f"Your job alert: {len(postings)} new postings"
    return MailMessage(context.to, subject, text, _headers(context))


def describe(filters: Sequence[tuple[str, tuple[str, ...]]]) -> str:
    """A saved search in one line, for the confirmation email."""
    if not filters:
        return "every new posting"
    return "; ".join(f"{name}={','.join(values)}" for name, values in filters)
