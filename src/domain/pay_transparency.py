"""Pay-transparency laws as data: which places ask a job posting to state what, from when.

Each rule is one line of ``RULES``, its source in a comment. A posting is covered by a
rule when one of its locations is in the rule's place, or when it is a remote posting
open to the rule's country (a remote job open to the United States can be done from
Colorado, so Colorado's rule applies to it). The board's policy says, per rule, whether
a posting that lacks a fact is published with a warning or refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.errors import InvariantViolated, PayTransparencyIncomplete
from domain.posting_values import PostingDetails, Workplace


class Fact(StrEnum):
    """What a rule asks a posting to state, named by the posting's field that states it."""

    PAY_RANGE = "salary"  # a minimum and a maximum (the board has no open-ended range)
    BENEFITS = "benefits_description"
    APPLICATION_DEADLINE = "apply_by"


class Action(StrEnum):
    WARN = "warn"  # publish, and list what is missing
    BLOCK = "block"  # refuse to publish (409) until it is stated


_EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EU_MEMBER_STATES = frozenset(_EU.split(" "))


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    countries: frozenset[str]
    asks: tuple[Fact, ...]
    region: str | None = None  # ISO 3166-2 subdivision of the country, None for all of it
    cities: frozenset[str] = frozenset()  # lower-case city names, none for the whole place
    in_force_from: date | None = None

    def covers(self, details: PostingDetails) -> bool:
        for location in details.locations:
            in_city = (location.city or "").lower() in self.cities
            if location.country not in self.countries or (self.cities and not in_city):
                continue
            # A city's rule reads the city by its name (New York is NY's, region or not).
            if self.region is None or location.region == self.region or self.cities:
                return True
        if details.workplace is Workplace.REMOTE:
            return bool(self.countries & set(details.applicant_countries))
        return False

    def in_force(self, on: date) -> bool:
        return self.in_force_from is None or on >= self.in_force_from


_PAY, _BENEFITS, _DEADLINE = Fact.PAY_RANGE, Fact.BENEFITS, Fact.APPLICATION_DEADLINE
_US = frozenset({"US"})
_NYC = frozenset({"new york", "new york city", "nyc", "manhattan", "brooklyn", "queens",
                  "the bronx", "bronx", "staten island"})  # fmt: skip

RULES: tuple[Rule, ...] = (
    # Colorado Equal Pay for Equal Work Act, C.R.S. 8-5-201(2), with 7 CCR 1103-13 and SB 23-105.
    Rule("CO", "Colorado", _US, (_PAY, _BENEFITS, _DEADLINE), region="CO"),
    # California Labor Code section 432.3(c)(3), as amended by SB 1162 (from 2023-01-01).
    Rule("CA", "California", _US, (_PAY,), region="CA"),
    # Washington RCW 49.58.110, as amended by SB 5761 (from 2023-01-01): range and benefits.
    Rule("WA", "Washington", _US, (_PAY, _BENEFITS), region="WA"),
    # New York City Admin. Code 8-107(32), Local Law 32 of 2022: good-faith minimum and maximum.
    Rule("NYC", "New York City", _US, (_PAY,), region="NY", cities=_NYC),
    # Directive (EU) 2023/970, article 5(1): starting pay or its range; transposed by 2026-06-07.
    Rule("EU", "EU member states", EU_MEMBER_STATES, (_PAY,), in_force_from=date(2026, 6, 7)),
)
BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True, slots=True)
class PayTransparencyPolicy:
    """The board's action per rule code; a rule it does not name is warned about."""

    actions: Mapping[str, Action] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> PayTransparencyPolicy:
        """``"CO=block,NYC=warn"``: rule codes, each with its action."""
        actions: dict[str, Action] = {}
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            code, sep, action = (s.strip() for s in part.partition("="))
            code = code.upper()
            if not sep or code not in BY_CODE or action.lower() not in set(Action):
                raise InvariantViolated(
                    f"pay transparency policy entries are RULE=warn|block with RULE one of "
                    f"{', '.join(BY_CODE)}; not {part!r}",
                    field="pay_transparency_policy",
                )
            actions[code] = Action(action.lower())
        return cls(actions)

    def action(self, code: str) -> Action:
        return self.actions.get(code, Action.WARN)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One covering rule's judgement of a posting: what it lacks, and what the board does."""

    rule: str
    name: str
    missing: tuple[Fact, ...]
    action: Action

    @property
    def satisfied(self) -> bool:
        return not self.missing

    @property
    def blocks(self) -> bool:
        return bool(self.missing) and self.action is Action.BLOCK


def _stated(details: PostingDetails, fact: Fact) -> bool:
    if fact is Fact.PAY_RANGE:
        return details.salary is not None
    if fact is Fact.BENEFITS:
        return details.benefits_description is not None
    return details.apply_by is not None


def verdicts(
    details: PostingDetails, on: date, policy: PayTransparencyPolicy
) -> tuple[Verdict, ...]:
    """Every rule in force on ``on`` that covers the posting, with what it lacks."""
    return tuple(
        Verdict(
            rule.code,
            rule.name,
            tuple(f for f in rule.asks if not _stated(details, f)),
            policy.action(rule.code),
        )
        for rule in RULES
        if rule.in_force(on) and rule.covers(details)
    )


def ensure_publishable_under(found: tuple[Verdict, ...]) -> None:
    """PayTransparencyIncomplete naming each missing fact of every rule the board enforces."""
    blocking = [v for v in found if v.blocks]
    if not blocking:
        return
    problems = tuple(
        (fact.value, f"{verdict.name} ({verdict.rule}) asks a posting to state {fact.value}")
        for verdict in blocking
        for fact in verdict.missing
    )
    raise PayTransparencyIncomplete(
        "the posting cannot be published for "
        + ", ".join(v.name for v in blocking)
        + " without: "
        + ", ".join(dict.fromkeys(f for f, _ in problems)),
        field_errors=problems,
    )
