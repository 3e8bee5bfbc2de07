"""Rows <-> aggregates, written out by hand.

The domain classes never learn about tables; this module is the only place
that knows both shapes. Rehydration goes through the aggregates' constructors,
so a loaded aggregate is checked by the same value objects as a new one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping

from domain.api_key import ApiKey, Audience
from domain.application_method import ApplicationKind, ApplicationMethod
from domain.company import Company, CompanyProfile, CompanyStatus
from domain.ids import ApiKeyId, CompanyId, PostingId, RequirementId
from domain.moderation import RejectionReason, ReviewReason
from domain.posting import Posting, PostingStatus, Review
from domain.posting_facts import CefrLevel, Support, WorkingLanguage
from domain.posting_values import (
    EmploymentType,
    Importance,
    Location,
    PostingDetails,
    PostingRequirement,
    SalaryPeriod,
    SalaryRange,
    Seniority,
    Workplace,
)
from domain.requirement import Requirement, RequirementKind, RequirementStatus, normalise_term
from domain.screening import QuestionKind, ScreeningQuestion

Row = dict[str, Any]


def company_to_row(company: Company) -> Row:
    p = company.profile
    return {
        "id": company.id,
        "slug": company.slug,
        "name": p.name,
        "website": p.website,
        "description": p.description,
        "country": p.country,
        "status": company.status.value,
        "status_before_suspension": company.status_before_suspension.value
        if company.status_before_suspension
        else None,
        "suspension_reason": company.suspension_reason,
        "verified_at": company.verified_at,
        "created_at": company.created_at,
        "updated_at": company.updated_at,
        "version": company.version,
    }


def company_from_row(row: RowMapping) -> Company:
    before = row["status_before_suspension"]
    return Company(
        id=CompanyId(row["id"]),
        slug=row["slug"],
        profile=CompanyProfile(row["name"], row["website"], row["description"], row["country"]),
        status=CompanyStatus(row["status"]),
        status_before_suspension=CompanyStatus(before) if before else None,
        suspension_reason=row["suspension_reason"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        verified_at=row["verified_at"],
    )


def posting_to_row(posting: Posting) -> Row:
    d = posting.details
    salary, method = d.salary, d.application_method
    return {
        "id": posting.id,
        "company_id": posting.company_id,
        "status": posting.status.value,
        "title": d.title,
        "description": d.description,
        "language": d.language,
        "locations": [_location_row(loc) for loc in d.locations],
        "remote_countries": list(d.remote_countries),
        "workplace": d.workplace.value,
        "employment_type": d.employment_type.value,
        "seniority": d.seniority.value if d.seniority else None,
        "salary_min": salary.min if salary else None,
        "salary_max": salary.max if salary else None,
        "salary_currency": salary.currency if salary else None,
        "salary_period": salary.period.value if salary else None,
        "responsibilities": list(d.responsibilities),
        "benefits": list(d.benefits),
        "published_at": posting.published_at,
        "valid_through": posting.valid_through,
        "ended_at": posting.ended_at,
        "take_down_reason": posting.take_down_reason,
        "created_at": posting.created_at,
        "updated_at": posting.updated_at,
        "version": posting.version,
        "application_kind": method.kind.value if method else None,
        "application_url": method.url if method else None,
        "application_email": method.email if method else None,
        **review_to_row(posting.review),
        "visa_sponsorship": d.visa_sponsorship.value,
        "relocation_support": d.relocation_support.value,
        "working_languages": [
            {"language": w.language, "level": w.level.value if w.level else None}
            for w in d.working_languages
        ],
        "benefits_description": d.benefits_description,
        "apply_by": d.apply_by,
        "screening_questions": [
            {
                "id": q.id,
                "text": q.text,
                "kind": q.kind.value,
                "required": q.required,
                "choices": list(q.choices),
            }
            for q in d.screening_questions
        ],
    }


def review_to_row(review: Review) -> Row:
    return {
        "review_reasons": [r.value for r in review.reasons],
        "submitted_for_review_at": review.submitted_at,
        "rejection_reason": review.rejection_reason.value if review.rejection_reason else None,
        "rejection_note": review.rejection_note,
    }


def review_from_row(row: RowMapping) -> Review:
    rejection = row["rejection_reason"]
    return Review(
        reasons=tuple(ReviewReason(r) for r in row["review_reasons"]),
        submitted_at=row["submitted_for_review_at"],
        rejection_reason=RejectionReason(rejection) if rejection else None,
        rejection_note=row["rejection_note"],
    )


def _location_row(location: Location) -> dict[str, str | None]:
    # A region only where one is known, so the rows written before regions read the same.
    row = {"country": location.country, "city": location.city}
    if location.region is not None:
        row["region"] = location.region
    return row


def requirement_term_rows(requirement: Requirement) -> list[Row]:
    return [{"term": t, "requirement_id": requirement.id} for t in sorted(requirement.terms)]


def posting_requirement_rows(posting: Posting) -> list[Row]:
    return [
        {
            "posting_id": posting.id,
            "position": position,
            "requirement_id": r.requirement_id,
            "importance": r.importance.value,
            "min_years": r.min_years,
            "detail": r.detail,
        }
        for position, r in enumerate(posting.details.requirements)
    ]


def posting_from_rows(row: RowMapping, requirement_rows: Sequence[Mapping[str, Any]]) -> Posting:
    salary = (
        SalaryRange(
            Decimal(row["salary_min"]),
            Decimal(row["salary_max"]),
            row["salary_currency"],
            SalaryPeriod(row["salary_period"]),
        )
        if row["salary_min"] is not None
        else None
    )
    details = PostingDetails(
        title=row["title"],
        description=row["description"],
        language=row["language"],
        locations=tuple(
            Location(loc["country"], loc["city"], loc.get("region")) for loc in row["locations"]
        ),
        workplace=Workplace(row["workplace"]),
        employment_type=EmploymentType(row["employment_type"]),
        seniority=Seniority(row["seniority"]) if row["seniority"] else None,
        salary=salary,
        responsibilities=tuple(row["responsibilities"]),
        benefits=tuple(row["benefits"]),
        requirements=tuple(
            PostingRequirement(
                RequirementId(r["requirement_id"]),
                Importance(r["importance"]),
                r["min_years"],
                r["detail"],
            )
            for r in sorted(requirement_rows, key=lambda r: r["position"])
        ),
        remote_countries=tuple(row["remote_countries"]),
        application_method=ApplicationMethod(
            ApplicationKind(row["application_kind"]),
            row["application_url"],
            row["application_email"],
        )
        if row["application_kind"]
        else None,
        visa_sponsorship=Support(row["visa_sponsorship"]),
        relocation_support=Support(row["relocation_support"]),
        working_languages=tuple(
            WorkingLanguage(w["language"], CefrLevel(w["level"]) if w["level"] else None)
            for w in row["working_languages"]
        ),
        benefits_description=row["benefits_description"],
        apply_by=row["apply_by"],
        screening_questions=tuple(
            ScreeningQuestion(
                q["id"], q["text"], QuestionKind(q["kind"]), q["required"], tuple(q["choices"])
            )
            for q in row["screening_questions"]
        ),
    )
    return Posting(
        id=PostingId(row["id"]),
        company_id=CompanyId(row["company_id"]),
        details=details,
        status=PostingStatus(row["status"]),
        published_at=row["published_at"],
        valid_through=row["valid_through"],
        ended_at=row["ended_at"],
        take_down_reason=row["take_down_reason"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        review=review_from_row(row),
    )


def requirement_to_row(requirement: Requirement) -> Row:
    return {
        "id": requirement.id,
        "name": requirement.name,
        "kind": requirement.kind.value,
        "status": requirement.status.value,
        "merged_into": requirement.merged_into,
        "created_at": requirement.created_at,
        "updated_at": requirement.updated_at,
        "version": requirement.version,
    }


def requirement_from_row(row: RowMapping, terms: list[str]) -> Requirement:
    # The terms table holds the name's own term too; the aliases are the rest.
    return Requirement(
        id=RequirementId(row["id"]),
        name=row["name"],
        kind=RequirementKind(row["kind"]),
        aliases=frozenset(terms) - {normalise_term(row["name"])},
        status=RequirementStatus(row["status"]),
        merged_into=RequirementId(row["merged_into"]) if row["merged_into"] else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def api_key_to_row(key: ApiKey) -> Row:
    return {
        "id": key.id,
        "audience": key.audience.value,
        "name": key.name,
        "company_id": key.company_id,
        "key_hash": key.key_hash,
        "created_at": key.created_at,
        "revoked_at": key.revoked_at,
        "version": key.version,
    }


def api_key_from_row(row: RowMapping) -> ApiKey:
    return ApiKey(
        id=ApiKeyId(row["id"]),
        audience=Audience(row["audience"]),
        name=row["name"],
        company_id=CompanyId(row["company_id"]) if row["company_id"] else None,
        key_hash=row["key_hash"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        version=row["version"],
    )
