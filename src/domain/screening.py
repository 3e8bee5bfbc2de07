"""Screening questions a posting asks its board applicants, and the check of their answers.

A question is a value of the posting's details (the employer writes them in the draft);
answers are checked against them when a candidate applies, every bad answer reported at
once (``InvalidAnswers``), so a candidate fixes the form in one go."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidAnswers
from domain.guards import clean_text, member, require

MAX_QUESTIONS = 20
MAX_QUESTION_TEXT = 500
MAX_CHOICES = 20
MAX_CHOICE_TEXT = 200
MAX_TEXT_ANSWER = 2000
# A question's id names it in answers and in JSON pointers (/answers/<id>): no "/" or ".".
_QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

Answer = str | bool | tuple[str, ...]


class QuestionKind(StrEnum):
    TEXT = "text"
    YES_NO = "yes_no"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTI_CHOICE})


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """One question: its id (lower-case letters, digits, _ and -), the text shown, its kind,
    whether an answer is required, and the choices of a choice question (2 to 20)."""

    id: str
    text: str
    kind: QuestionKind
    required: bool = False
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        field = "screening_questions"
        require(
            isinstance(self.id, str) and _QUESTION_ID.match(self.id) is not None,
            f"{field}.id must be 1-40 lower-case letters, digits, _ or -, e.g. work_permit",
            field=f"{field}.id",
        )
        text = clean_text(self.text, field=f"{field}.text", max_length=MAX_QUESTION_TEXT)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "kind", member(QuestionKind, self.kind, field=f"{field}.kind"))
        choices = tuple(
            clean_text(c, field=f"{field}.choices", max_length=MAX_CHOICE_TEXT)
            for c in self.choices
        )
        if self.kind in CHOICE_KINDS:
            require(
                2 <= len(choices) <= MAX_CHOICES,
                f"a {self.kind} question has between 2 and {MAX_CHOICES} choices",
                field=f"{field}.choices",
            )
            require(
                len(set(choices)) == len(choices),
                "choices repeat a choice",
                field=f"{field}.choices",
            )
        else:
            require(
                not choices,
                f"a {self.kind} question has no choices",
                field=f"{field}.choices",
            )
        object.__setattr__(self, "choices", choices)

    def problem_with(self, answer: Answer | None) -> str | None:
        """What is wrong with ``answer`` to this question (None for no answer), if anything."""
        if answer is None or answer == "" or answer == ():
            return "an answer is required" if self.required else None
        if self.kind is QuestionKind.YES_NO:
            return None if isinstance(answer, bool) else "the answer must be true or false"
        if self.kind is QuestionKind.TEXT:
            if not isinstance(answer, str):
                return "the answer must be text"
            if len(answer.strip()) > MAX_TEXT_ANSWER or "\x00" in answer:
                return f"the answer must be at most {MAX_TEXT_ANSWER} characters"
            return None if answer.strip() or not self.required else "an answer is required"
        if self.kind is QuestionKind.SINGLE_CHOICE:
            if not isinstance(answer, str):
                return "the answer must be one of the choices"
            return None if answer in self.choices else "the answer is not one of the choices"
        if not isinstance(answer, tuple) or not all(isinstance(a, str) for a in answer):
            return "the answer must be a list of choices"
        if len(set(answer)) != len(answer):
            return "the answer names a choice twice"
        # The candidate's own words are not echoed: an answer may hold personal data.
        unknown = [a for a in answer if a not in self.choices]
        return f"{len(unknown)} of the answers are not choices" if unknown else None


@dataclass(frozen=True, slots=True)
class ScreeningAnswer:
    """A candidate's answer, kept with the question as it was asked (a later revision of
    the posting's questions does not rewrite what a candidate answered)."""

    question_id: str
    question: str
    kind: QuestionKind
    answer: Answer


def screening_questions(values: tuple[ScreeningQuestion, ...]) -> tuple[ScreeningQuestion, ...]:
    require(
        len(values) <= MAX_QUESTIONS,
        f"screening_questions may hold at most {MAX_QUESTIONS} questions",
        field="screening_questions",
    )
    ids = [q.id for q in values]
    require(
        len(set(ids)) == len(ids),
        "screening_questions use an id twice",
        field="screening_questions",
    )
    return values


def checked_answers(
    questions: tuple[ScreeningQuestion, ...], answers: Mapping[str, Answer]
) -> tuple[ScreeningAnswer, ...]:
    """The answers, in the questions' order and trimmed, or InvalidAnswers naming every bad
    one (``answers.<id>``): a wrong kind, an unknown choice, a required one missing, or an
    answer to no question of the posting."""
    problems: list[tuple[str, str]] = []
    asked = {q.id for q in questions}
    for given in answers:
        if given not in asked:
            problems.append((f"answers.{given}", "the posting asks no such question"))
    kept: list[ScreeningAnswer] = []
    for question in questions:
        answer = answers.get(question.id)
        problem = question.problem_with(answer)
        if problem is not None:
            problems.append((f"answers.{question.id}", problem))
        elif answer is not None and answer != "" and answer != ():
            value = answer.strip() if isinstance(answer, str) else answer
            kept.append(ScreeningAnswer(question.id, question.text, question.kind, value))
    if problems:
        raise InvalidAnswers(
            "some answers to the screening questions are not right: "
            + "; ".join(f"{f}: {m}" for f, m in problems),
            field_errors=tuple(problems),
        )
    return tuple(kept)
