"""Job-text parsing: an anti-corruption layer from a pasted job description to a draft.

    parsed = parse_job_text(text, known_terms)      # catalogue term -> canonical name
    fields = to_posting_fields(parsed, fallback_title="...", country="DE")

Pure standard-library code; it reads no catalogue and writes nothing. The caller
looks up the catalogue's terms, drafts the posting with the fields, and shows the
employer ``parsed.report``.
"""

from application.job_text.drafting import to_posting_fields
from application.job_text.model import (
    ParsedJob,
    ParsedRequirement,
    ParsedSalary,
    ParsedSection,
    ParseReport,
    SectionKind,
)
from application.job_text.parser import parse_job_text
from application.job_text.salary import read_salary
from application.job_text.text_lines import MAX_TEXT_CHARS

__all__ = [
    "MAX_TEXT_CHARS",
    "ParseReport",
    "ParsedJob",
    "ParsedRequirement",
    "ParsedSalary",
    "ParsedSection",
    "SectionKind",
    "parse_job_text",
    "read_salary",
    "to_posting_fields",
]
