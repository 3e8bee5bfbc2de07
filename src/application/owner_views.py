"""What the write side shows an aggregate's owner: a company, or a posting as its employer
sees it. The employer queries read them, and the posting commands answer with the posting
they changed, read in their own unit of work (no second read of what they just wrote)."""

from __future__ import annotations

from application.ports import UnitOfWork
from application.views import (
    CompanyView,
    ModerationView,
    OwnPostingView,
    PayTransparencyView,
    PlaceView,
    RequirementView,
    SalaryView,
    ScreeningQuestionView,
    WorkingLanguageView,
)
from domain.application_method import ApplicationMethod
from domain.company import Company
from domain.ids import RequirementId
from domain.pay_transparency import PayTransparencyPolicy
from domain.posting import Posting, PostingStatus
from domain.posting_values import PostingDetails
from domain.requirement import Requirement


def company_view(company: Company) -> CompanyView:
    profile = company.profile
    return CompanyView(
        id=company.id,
        name=profile.name,
        slug=company.slug,
        website=profile.website,
        description=profile.description,
        country=profile.country,
        status=company.status.value,
        created_at=company.created_at,
        updated_at=company.updated_at,
        version=company.version,
    )


async def catalogue_entries(
    uow: UnitOfWork, postings: list[Posting]
) -> dict[RequirementId, Requirement]:
    """The catalogue entries the postings ask for, with merged ones replaced by their target."""
    wanted = {r.requirement_id for p in postings for r in p.details.requirements}
    entries = await uow.requirements.get_many(wanted)
    targets = {e.merged_into for e in entries.values() if e.merged_into is not None}
    merged_targets = await uow.requirements.get_many(targets)
    return {
        rid: merged_targets.get(entry.merged_into, entry) if entry.merged_into else entry
        for rid, entry in entries.items()
    }


def application_method_view(method: ApplicationMethod | None) -> dict[str, str] | None:
    """The method as the API shows it: its kind and the one address that kind has."""
    if method is None:
        return None
    shown = {"kind": method.kind.value}
    if method.url is not None:
        shown["url"] = method.url
    if method.email is not None:
        shown["email"] = method.email
    return shown


def working_language_views(details: PostingDetails) -> tuple[WorkingLanguageView, ...]:
    return tuple(
        WorkingLanguageView(w.language, w.level.value if w.level else None)
        for w in details.working_languages
    )


def screening_question_views(details: PostingDetails) -> tuple[ScreeningQuestionView, ...]:
    return tuple(
        ScreeningQuestionView(q.id, q.text, q.kind.value, q.required, q.choices)
        for q in details.screening_questions
    )


def pay_transparency_views(
    posting: Posting, policy: PayTransparencyPolicy
) -> tuple[PayTransparencyView, ...]:
    return tuple(
        PayTransparencyView(
            v.rule, v.name, tuple(f.value for f in v.missing), v.action.value, v.satisfied
        )
        for v in posting.pay_transparency(policy)
    )


NO_POLICY = PayTransparencyPolicy()


def posting_view(
    posting: Posting,
    catalogue: dict[RequirementId, Requirement],
    policy: PayTransparencyPolicy = NO_POLICY,
) -> OwnPostingView:
    d = posting.details
    return OwnPostingView(
        id=posting.id,
        company_id=posting.company_id,
        status=posting.status.value,
        version=posting.version,
        title=d.title,
        description=d.description,
        language=d.language,
        locations=tuple(PlaceView(loc.country, loc.city, loc.region) for loc in d.locations),
        remote_countries=d.remote_countries,
        workplace=d.workplace.value,
        employment_type=d.employment_type.value,
        seniority=d.seniority.value if d.seniority else None,
        salary=SalaryView(d.salary.min, d.salary.max, d.salary.currency, d.salary.period.value)
        if d.salary
        else None,
        responsibilities=d.responsibilities,
        benefits=d.benefits,
        requirements=tuple(
            RequirementView(
                name=catalogue[r.requirement_id].name,
                kind=catalogue[r.requirement_id].kind.value,
                importance=r.importance.value,
                min_years=r.min_years,
                detail=r.detail,
            )
            for r in d.requirements
        ),
        published_at=posting.published_at,
        valid_through=posting.valid_through,
        ended_at=posting.ended_at,
        created_at=posting.created_at,
        updated_at=posting.updated_at,
        application_method=application_method_view(d.application_method),
        visa_sponsorship=d.visa_sponsorship.value,
        relocation_support=d.relocation_support.value,
        working_languages=working_language_views(d),
        benefits_description=d.benefits_description,
        apply_by=d.apply_by,
        screening_questions=screening_question_views(d),
        pay_transparency=pay_transparency_views(posting, policy),
        moderation=moderation_view(posting),
    )


def moderation_view(posting: Posting) -> ModerationView | None:
    if posting.status not in (PostingStatus.IN_REVIEW, PostingStatus.REJECTED):
        return None
    review = posting.review
    return ModerationView(
        review_reasons=tuple(r.value for r in review.reasons),
        submitted_at=review.submitted_at,
        rejection_reason=review.rejection_reason.value if review.rejection_reason else None,
        rejection_note=review.rejection_note,
    )


async def own_posting_view(
    uow: UnitOfWork, posting: Posting, policy: PayTransparencyPolicy = NO_POLICY
) -> OwnPostingView:
    """``posting`` as its employer sees it, its requirements named by the catalogue, with
    what the pay-transparency rules covering it find missing under the board's ``policy``."""
    return posting_view(posting, await catalogue_entries(uow, [posting]), policy)
