"""Whether a job text says the employer sponsors a visa or helps with a move.

Read from sentences anywhere in the text ("Visa sponsorship is available", "We are
unable to sponsor visas", "Relocation package provided"). A refusal outranks an offer
found elsewhere in the same text (a line "no visa sponsorship" is the one that binds),
and a text that says neither leaves the fact unknown. English phrasing only, for now:
the seeds and most pasted texts state these facts in English."""

from __future__ import annotations

import re

from domain.posting_facts import Support

_NOT = (
    r"(?:unable to|not able to|cannot|can ?not|can't|do not|don't|does not|doesn't"
    r"|will not|won't|are not able to|is not able to)"
)
_VISA_NO = re.compile(
    rf"\bno\s+(?:work\s+)?visa\s+sponsorship\b"
    rf"|\b{_NOT}\s+(?:offer\s+|provide\s+)?(?:visa\s+)?sponsor"
    r"|\bvisa\s+sponsorship\s+(?:is\s+)?not\s+(?:available|provided|offered|possible)\b"
    r"|\bwithout\s+(?:the\s+need\s+for\s+)?(?:visa\s+)?sponsorship\b"
    r"|\bmust\s+(?:already\s+)?(?:be\s+)?(?:legally\s+)?(?:authori[sz]ed|eligible)\s+to\s+work\b"
    r"|\bmust\s+(?:already\s+)?have\s+(?:the\s+)?right\s+to\s+work\b",
    re.IGNORECASE,
)
_VISA_YES = re.compile(
    r"\bvisa\s+(?:sponsorship|support)\s+(?:is\s+)?(?:available|provided|offered|possible)\b"
    r"|\b(?:we|company)\s+(?:can\s+|will\s+|do\s+)?sponsor\s+(?:your\s+|a\s+)?(?:work\s+)?visas?\b"
    r"|\b(?:offer|provide)s?\s+(?:work\s+)?visa\s+(?:sponsorship|support)\b"
    r"|\bvisa\s+sponsorship\s*(?:[:\-\u2013]\s*)?(?:yes|available)\b",
    re.IGNORECASE,
)
_RELOCATION_NO = re.compile(
    r"\bno\s+relocation\b"
    r"|\brelocation\s+(?:assistance\s+|support\s+|package\s+)?(?:is\s+)?not\s+"
    r"(?:available|provided|offered|possible|supported)\b"
    rf"|\b{_NOT}\s+(?:offer|provide|support|cover)\s+relocation\b",
    re.IGNORECASE,
)
_RELOCATION_YES = re.compile(
    r"\brelocation\s+(?:assistance|support|package|bonus|allowance|help|budget)\b"
    r"|\b(?:help|support|assist)s?\s+(?:you\s+)?(?:with\s+)?(?:your\s+)?relocat"
    r"|\brelocation\s+(?:is\s+)?(?:offered|provided|covered|paid|available)\b",
    re.IGNORECASE,
)


def _said(text: str, no: re.Pattern[str], yes: re.Pattern[str]) -> Support | None:
    if no.search(text):
        return Support.NO
    if yes.search(text):
        return Support.YES
    return None


def visa_sponsorship_in(text: str) -> Support | None:
    """YES or NO when the text says it, None when it does not."""
    return _said(text, _VISA_NO, _VISA_YES)


def relocation_support_in(text: str) -> Support | None:
    return _said(text, _RELOCATION_NO, _RELOCATION_YES)
