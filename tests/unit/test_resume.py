"""A résumé's type comes from its bytes: PDF, DOCX or plain text, at most 5 MB."""

from __future__ import annotations

import io
import zipfile

import pytest

from domain.errors import ResumeTooLarge, ResumeTypeMismatch, ResumeTypeUnsupported
from domain.resume import DOCX, MAX_RESUME_BYTES, PDF, TEXT, content_type_of, resume_file


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7 ...", PDF),
        (_zip("[Content_Types].xml", "word/document.xml"), DOCX),
        ("Lebenslauf: Straße 1\n\tEngines".encode(), TEXT),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), None),  # a spreadsheet
        (_zip("notes.txt"), None),
        (b"PK\x03\x04 not really a zip", None),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"\xff\xd8\xff\xe0 jpeg", None),
        (b"MZ\x90\x00 an executable", None),
        (b"text with a \x00 NUL", None),
        (b"\xc3\x28 not utf-8", None),
        (b"   \n ", None),
    ],
)
def test_the_type_is_read_from_the_bytes(data: bytes, expected: str | None) -> None:
    assert content_type_of(data) == expected


def test_a_declared_type_must_match_the_bytes_but_none_is_needed() -> None:
    assert resume_file(b"%PDF-1.4", "application/pdf").content_type == PDF
    assert resume_file(b"%PDF-1.4", "application/octet-stream").content_type == PDF
    assert resume_file(b"%PDF-1.4", None).size == 8
    with pytest.raises(ResumeTypeMismatch) as raised:
        resume_file(b"plain words", "application/pdf")
    assert raised.value.field == "resume"


def test_what_is_no_accepted_type_is_unsupported_whatever_it_claims() -> None:
    with pytest.raises(ResumeTypeUnsupported):
        resume_file(b"\x89PNG\r\n\x1a\n" + bytes(10), "application/pdf")


def test_five_megabytes_is_the_limit() -> None:
    assert resume_file(b"%PDF-" + bytes(MAX_RESUME_BYTES - 5)).size == MAX_RESUME_BYTES
    with pytest.raises(ResumeTooLarge):
        resume_file(b"%PDF-" + bytes(MAX_RESUME_BYTES - 4))
