"""The posting facts through the use cases, over the fakes: the board's pay-transparency
policy decides whether publishing warns or refuses, the employer's views list the
verdicts, and board applications are held to the posting's screening questions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.job_applications import SubmitApplication, SubmitApplicationHandler
from application.commands.posting_input import (
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    ScreeningQuestionInput,
    WorkingLanguageInput,
)
from application.commands.posting_lifecycle import PublishPosting, PublishPostingHandler
from application.commands.register_company import RegisteredCompany
from application.queries.employer_views import GetOwnPosting, GetOwnPostingHandler
from application.views import PayTransparencyView
from domain.errors import InvalidAnswers, PayTransparencyIncomplete
from domain.ids import PostingId
from fakes import InMemoryStore

DENVER = (LocationInput("US", "Denver", "CO"),)


BLOCK_COLORADO = pytest.mark.parametrize("pay_transparency_policy", ["CO=block"], indirect=True)


async def test_under_the_default_policy_a_colorado_posting_publishes_with_a_warning(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    bare = dataclasses.replace(fields, locations=DENVER, salary=None)
    posting_id = await draft_posting(DraftPosting(company.company_id, bare))

    published = await publish_posting(PublishPosting(company.company_id, posting_id))

    assert published.status == "published"
    assert published.pay_transparency == (
        PayTransparencyView(
            "CO", "Colorado", ("salary", "benefits_description", "apply_by"), "warn", False
        ),
    )


@BLOCK_COLORADO
async def test_a_blocking_policy_refuses_and_changes_nothing(
    publish_posting: PublishPostingHandler,
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    snapshot: Callable[[], object],
) -> None:
    bare = dataclasses.replace(fields, locations=DENVER, salary=None)
    posting_id = await draft_posting(DraftPosting(company.company_id, bare))
    before = snapshot()

    with pytest.raises(PayTransparencyIncomplete) as refused:
        await publish_posting(PublishPosting(company.company_id, posting_id))

    assert snapshot() == before
    assert [f for f, _ in refused.value.field_errors] == [
        "salary",
        "benefits_description",
        "apply_by",
    ]


@BLOCK_COLORADO
async def test_the_employers_view_lists_the_verdicts_under_the_boards_policy(
    get_own_posting: GetOwnPostingHandler,
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(company.company_id, dataclasses.replace(fields, locations=DENVER))
    )
    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))

    [verdict] = view.pay_transparency
    assert (verdict.rule, verdict.policy, verdict.missing) == (
        "CO",
        "block",
        ("benefits_description", "apply_by"),
    )


QUESTIONS = (
    ScreeningQuestionInput("permit", "Work permit?", "yes_no", required=True),
    ScreeningQuestionInput("notice", "Notice?", "single_choice", choices=("none", "1 month")),
)


@pytest.fixture
async def asking(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> PostingId:
    board = dataclasses.replace(
        fields,
        application_method=ApplicationMethodInput("board"),
        screening_questions=QUESTIONS,
        working_languages=(WorkingLanguageInput("de", "B2"),),
    )
    posting_id = await draft_posting(DraftPosting(company.company_id, board))
    await publish_posting(PublishPosting(company.company_id, posting_id))
    return posting_id


def _applying(posting_id: PostingId, answers: dict[str, object]) -> SubmitApplication:
    return SubmitApplication(
        posting_id,
        "Ada",
        "ada@example.com",
        consent_to_retention=True,
        resume_text="Engines.",
        answers=answers,  # type: ignore[arg-type]
    )


async def test_answers_that_fit_are_stored_with_the_application(
    submit_application: SubmitApplicationHandler, asking: PostingId, store: InMemoryStore
) -> None:
    submitted = await submit_application(_applying(asking, {"permit": True, "notice": "none"}))

    answers = store.applications[submitted.application_id].submission.answers
    assert [(a.question_id, a.answer) for a in answers] == [("permit", True), ("notice", "none")]


async def test_answers_that_do_not_fit_store_nothing_and_name_each_one(
    submit_application: SubmitApplicationHandler,
    asking: PostingId,
    store: InMemoryStore,
    snapshot: Callable[[], object],
) -> None:
    before = snapshot()

    with pytest.raises(InvalidAnswers) as refused:
        await submit_application(_applying(asking, {"notice": "later", "extra": "x"}))

    assert snapshot() == before and not store.applications
    assert {f for f, _ in refused.value.field_errors} == {
        "answers.permit",
        "answers.notice",
        "answers.extra",
    }
