"""From pasted text to lines: refuse what is not text, even out whitespace, read bullets.

Pasted ads come from word processors, web pages and PDFs: non-breaking spaces,
zero-width characters, Windows line ends, markdown emphasis and a dozen bullet
glyphs. Everything after this module sees plain lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from domain.errors import InvariantViolated

MAX_TEXT_CHARS = 100_000

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[^\S\n]+")
_RULE = re.compile(r"^[-_*=~#\s]{3,}$")  # "---", "***", "====": a separator, not text

_BULLET = re.compile(
    r"""^(?:
        [•·▪▫◦‣○●■□➢➤►▶▸✓✔☑→\u2043∙]\s*          # glyph bullets, space optional
      | [-\u2013\u2014*+>]\s+                           # ascii bullets need a space after
      | \(?\d{1,2}[.)](?!\d)\s+               # 1.  1)  (1)
      | \(?[a-zA-Z]\)\s+                      # a)  (b)
    )""",
    re.VERBOSE,
)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_STRAY_STARS = re.compile(r"(?<!\w)\*+|\*+(?!\w)")
_INLINE_BULLETS = re.compile(r"\s*[•▪●■]\s+")


@dataclass(frozen=True, slots=True)
class Line:
    raw: str  # as written, whitespace evened out
    text: str  # without bullet or markup
    bulleted: bool = False
    after_blank: bool = False  # a blank line (or the start of the text) comes before it
    marked_heading: bool = False  # "## Benefits" or "**Benefits**": the writer made it a heading


def check_text(text: str) -> str:
    """The text, normalised; InvariantViolated (field ``text``) for what is no job description."""
    if "\x00" in text or text.count("\ufffd") * 50 > len(text):
        raise InvariantViolated("text must be readable text, not binary data", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise InvariantViolated(f"text must be at most {MAX_TEXT_CHARS} characters", field="text")
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _LINE_BREAKS.sub("\n", text)
    controls = sum(
        1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\t"
    )
    if controls * 100 > len(text):
        raise InvariantViolated("text must be readable text, not binary data", field="text")
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch != "\n" else ch for ch in text
    )
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    if not any(ch.isalpha() for ch in text):
        raise InvariantViolated("text must not be empty", field="text")
    return text


def fold(text: str) -> str:
    """A comparison form: case-folded, without accents, straight quotes, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return _SPACES.sub(" ", plain).strip()


def _strip_markup(text: str) -> tuple[str, bool]:
    marked = False
    if _HEADING_MARK.match(text):
        text, marked = _HEADING_MARK.sub("", text), True
    whole = _EMPHASIS.fullmatch(text.rstrip(":").strip())
    if whole and len(text) <= 120:
        marked = True
    text = _EMPHASIS.sub(r"\2", text)
    text = _STRAY_STARS.sub("", text)
    return _SPACES.sub(" ", text).strip(), marked


def _read_line(raw: str, after_blank: bool) -> Line:
    bullet = _BULLET.match(raw)
    body = raw[bullet.end() :] if bullet else raw
    if not bullet and raw[:1] and unicodedata.category(raw[0]) == "So":
        # an emoji used as a bullet ("✅ Python", "👉 Remote")
        body, bullet_found = raw[1:].lstrip(), True
    else:
        bullet_found = bullet is not None
    text, marked = _strip_markup(body)
    return Line(raw, text, bullet_found, after_blank, marked)


def split_lines(text: str) -> list[Line]:
    """The text's non-empty lines; a line of several "•" items becomes one line per item."""
    lines: list[Line] = []
    after_blank = True
    for raw in text.split("\n"):
        if not raw or _RULE.match(raw):
            after_blank = True
            continue
        parts = _INLINE_BULLETS.split(raw)
        if len(parts) >= 3:
            head, items = parts[0].strip(), [p.strip() for p in parts[1:] if p.strip()]
            if head:
                lines.append(_read_line(head, after_blank))
            lines.extend(Line(f"• {item}", _strip_markup(item)[0], True) for item in items)
        else:
            line = _read_line(raw, after_blank)
            if line.text:
                lines.append(line)
        after_blank = False
    return lines
