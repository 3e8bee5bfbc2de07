"""The shapes of answers that routes build as plain JSON, named for the OpenAPI document.

The routes answer dicts (rendered from views, or a JSON-LD document); these types
only tell generated clients what those dicts hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from application.views import CompanyView, OwnPostingView


@dataclass(frozen=True)
class SignedUp:
    """A new company and its first API key. ``api_key`` is shown once: a replay of the same
    Idempotency-Key answers the company with ``api_key`` null."""

    company: CompanyView
    api_key: str | None
    api_key_id: str


@dataclass(frozen=True)
class IssuedKey:
    """Another API key of the company, shown once."""

    id: str
    api_key: str


@dataclass(frozen=True)
class ParseReport:
    """What the reading of a pasted job description recognised, and what it did not."""

    found: list[str]
    not_found: list[str]
    headings: list[dict[str, str]]
    unrecognised_headings: list[str]
    unplaced_lines: list[str]
    dropped_lines: list[str]
    facts: list[dict[str, str]]
    unmatched_requirement_lines: list[str]
    unnamed_experience: list[str]
    terms_outside_requirements: list[str]
    notes: list[str]


@dataclass(frozen=True, kw_only=True)
class ImportedDraft(OwnPostingView):
    """The draft built from a pasted job description, with the report of its reading."""

    parse: ParseReport


@dataclass(frozen=True)
class TakenDown:
    id: str
    status: str


@dataclass(frozen=True)
class Expired:
    expired: int


@dataclass(frozen=True)
class Rebuilt:
    rebuilt: dict[str, int]


@dataclass(frozen=True)
class ReadModelVerification:
    consistent: bool
    differences: list[Any]


# schema.org names start with "@", so these take TypedDict's functional form.
_Organization = TypedDict(
    "_Organization", {"@type": str, "name": str, "sameAs": str, "logo": str}, total=False
)
_JobPostingRequired = TypedDict(
    "_JobPostingRequired",
    {
        "@context": str,
        "@type": str,
        "title": str,
        "description": str,
        "datePosted": str,
        "validThrough": str,
        "employmentType": str,
        "hiringOrganization": _Organization,
        "identifier": dict[str, str],
        "directApply": bool,
    },
)


# Functional too: schema.org's camelCase names are not Python's (the naming lint would flag
# them as class attributes).
_JobPostingOptional = TypedDict(  # noqa: UP013
    "_JobPostingOptional",
    {
        "url": str,
        "jobLocation": list[dict[str, Any]],
        "jobLocationType": str,
        "applicantLocationRequirements": list[dict[str, str]],
        "baseSalary": dict[str, Any],
        "experienceRequirements": dict[str, Any],
        "skills": list[str],
        "responsibilities": str,
        "jobBenefits": str,
    },
    total=False,
)


class JobPosting(_JobPostingRequired, _JobPostingOptional):
    """A schema.org JobPosting, as Google for Jobs reads it (description is HTML)."""
