"""Screening questions and the check of a candidate's answers: the kinds, required or
not, choices, bounds, and every bad answer reported at once."""

from __future__ import annotations

from typing import Any

import pytest

from builders import posting_details
from domain.errors import InvalidAnswers, InvariantViolated
from domain.screening import QuestionKind, ScreeningAnswer, ScreeningQuestion, checked_answers

WHY = ScreeningQuestion("why", "Why us?", QuestionKind.TEXT, required=True)
PERMIT = ScreeningQuestion("permit", "Work permit?", QuestionKind.YES_NO, required=True)
NOTICE = ScreeningQuestion(
    "notice", "Notice period?", QuestionKind.SINGLE_CHOICE, choices=("none", "1 month")
)
STACK = ScreeningQuestion("stack", "Stack?", QuestionKind.MULTI_CHOICE, choices=("pg", "kafka"))
ALL = (WHY, PERMIT, NOTICE, STACK)
ESSAY: Any = "essay"  # not a kind


def test_good_answers_are_kept_with_their_questions_in_the_questions_order() -> None:
    answers = checked_answers(
        ALL, {"stack": ("kafka",), "permit": False, "why": " Because. ", "notice": "none"}
    )

    assert answers == (
        ScreeningAnswer("why", "Why us?", QuestionKind.TEXT, "Because."),
        ScreeningAnswer("permit", "Work permit?", QuestionKind.YES_NO, False),
        ScreeningAnswer("notice", "Notice period?", QuestionKind.SINGLE_CHOICE, "none"),
        ScreeningAnswer("stack", "Stack?", QuestionKind.MULTI_CHOICE, ("kafka",)),
    )


def test_optional_questions_may_go_unanswered() -> None:
    answers = checked_answers(ALL, {"why": "Because.", "permit": True, "stack": ()})

    assert [a.question_id for a in answers] == ["why", "permit"]


def test_every_bad_answer_is_named_at_once() -> None:
    with pytest.raises(InvalidAnswers) as refused:
        checked_answers(
            ALL,
            {"why": "   ", "permit": "yes", "notice": "2 months", "stack": ("pg", "pg"), "x": "1"},
        )

    named = dict(refused.value.field_errors)
    assert set(named) == {"answers.x", "answers.why", "answers.permit", "answers.notice",
                          "answers.stack"}  # fmt: skip
    assert named["answers.why"] == "an answer is required"
    assert named["answers.permit"] == "the answer must be true or false"
    assert "2 months" not in refused.value.message  # the candidate's words are not echoed


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (WHY, True),
        (WHY, "x" * 2001),
        (PERMIT, 1),
        (NOTICE, ("none",)),
        (STACK, "pg"),
        (STACK, ("pg", "redis")),
        (STACK, (1, 2)),
    ],
)
def test_an_answer_of_the_wrong_kind_is_refused(
    question: ScreeningQuestion, answer: object
) -> None:
    assert question.problem_with(answer) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: ScreeningQuestion("Bad Id", "?", QuestionKind.TEXT), "screening_questions.id"),
        (lambda: ScreeningQuestion("a.b", "?", QuestionKind.TEXT), "screening_questions.id"),
        (lambda: ScreeningQuestion("q", " ", QuestionKind.TEXT), "screening_questions.text"),
        (lambda: ScreeningQuestion("q", "?", ESSAY), "screening_questions.kind"),
        (lambda: ScreeningQuestion("q", "?", QuestionKind.SINGLE_CHOICE, choices=("a",)),
         "screening_questions.choices"),
        (lambda: ScreeningQuestion("q", "?", QuestionKind.MULTI_CHOICE, choices=("a", "a")),
         "screening_questions.choices"),
        (lambda: ScreeningQuestion("q", "?", QuestionKind.YES_NO, choices=("a", "b")),
         "screening_questions.choices"),
        (lambda: ScreeningQuestion("q", "?", QuestionKind.SINGLE_CHOICE,
                                   choices=tuple(str(n) for n in range(21))),
         "screening_questions.choices"),
    ],
)  # fmt: skip
def test_a_question_that_breaks_its_rules_names_its_field(make: object, field: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        make()  # type: ignore[operator]

    assert error.value.field == field


def test_a_posting_asks_at_most_twenty_questions_each_id_once() -> None:
    many = tuple(ScreeningQuestion(f"q{n}", "?", QuestionKind.TEXT) for n in range(21))
    for questions in (many, (WHY, WHY)):
        with pytest.raises(InvariantViolated) as error:
            posting_details(screening_questions=questions)
        assert error.value.field == "screening_questions"
    assert posting_details(screening_questions=ALL).screening_questions == ALL
