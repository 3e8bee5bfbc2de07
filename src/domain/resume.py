"""A résumé file: PDF, DOCX or plain text, at most 5 MB, its type known from its bytes.

A file's name and the type a client declares are only claims; the board reads the
bytes (magic numbers, and for DOCX the package's main part) and keeps the type found."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from domain.errors import ResumeTooLarge, ResumeTypeMismatch, ResumeTypeUnsupported

MAX_RESUME_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
ACCEPTED = (PDF, DOCX, TEXT)
# Declarations that say nothing about the type: the bytes alone decide.
UNDECLARED = frozenset({"", "application/octet-stream"})
# Control characters plain text has no business holding (tab, LF, FF and CR are fine).
_CONTROL = frozenset(chr(c) for c in range(32) if c not in (9, 10, 12, 13)) | {"\x7f"}


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    # An OOXML package with a WordprocessingML main part (an .xlsx or a plain zip has not).
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not any(c in _CONTROL for c in text)


def content_type_of(data: bytes) -> str | None:
    """The accepted type these bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if _is_docx(data):
        return DOCX
    if _is_text(data):
        return TEXT
    return None


@dataclass(frozen=True, slots=True)
class ResumeFile:
    """What the board keeps about a résumé beside its bytes."""

    content_type: str
    size: int


def resume_file(data: bytes, declared: str | None = None) -> ResumeFile:
    """The résumé these bytes are; ResumeTooLarge, ResumeTypeUnsupported or
    ResumeTypeMismatch (each naming ``resume``) otherwise."""
    if len(data) > MAX_RESUME_BYTES:
        raise ResumeTooLarge(
            f"resume must be at most {MAX_RESUME_BYTES // (1024 * 1024)} MB", field="resume"
        )
    found = content_type_of(data)
    if found is None:
        raise ResumeTypeUnsupported(
            "resume must be a PDF, a DOCX document or plain UTF-8 text", field="resume"
        )
    claimed = (declared or "").split(";")[0].strip().lower()
    if claimed not in UNDECLARED and claimed != found:
        raise ResumeTypeMismatch(
            f"resume's declared type does not match its content, which is {found}",
            field="resume",
        )
    return ResumeFile(found, len(data))
