"""Pay-transparency rules as data: which postings each covers, what it finds missing, from
when it applies, and the board's policy per rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from builders import NOW, a_draft_posting, a_salary, a_verified_company, posting_details
from domain.errors import InvariantViolated, PayTransparencyIncomplete
from domain.pay_transparency import (
    RULES,
    Action,
    Fact,
    PayTransparencyPolicy,
    ensure_publishable_under,
    verdicts,
)
from domain.posting_values import Location, PostingDetails, SalaryRange, Workplace

AFTER_EU_DATE = date(2026, 12, 8)
WARN = PayTransparencyPolicy()


def _at(*locations: Location, **overrides: object) -> PostingDetails:
    return posting_details(locations=locations, **overrides)  # type: ignore[arg-type]


def _found(details: PostingDetails, on: date = AFTER_EU_DATE) -> dict[str, tuple[Fact, ...]]:
    return {v.rule: v.missing for v in verdicts(details, on, WARN)}


USD = SalaryRange(Decimal(90_000), Decimal(120_000), "USD", "year")  # type: ignore[arg-type]


def test_colorado_asks_for_a_range_a_benefits_description_and_a_deadline() -> None:
    bare = _at(Location("US", "Denver", "CO"), salary=None)
    complete = _at(
        Location("US", "Denver", "CO"),
        salary=USD,
        benefits_description="Health, dental, 401(k)",
        apply_by=date(2027, 1, 31),
    )

    assert _found(bare) == {"CO": (Fact.PAY_RANGE, Fact.BENEFITS, Fact.APPLICATION_DEADLINE)}
    assert _found(complete) == {"CO": ()}


def test_california_asks_for_a_range_and_washington_for_benefits_too() -> None:
    assert _found(_at(Location("US", "Oakland", "CA"), salary=None)) == {"CA": (Fact.PAY_RANGE,)}
    assert _found(_at(Location("US", "Seattle", "WA"), salary=USD)) == {"WA": (Fact.BENEFITS,)}


def test_new_york_city_is_covered_by_its_boroughs_not_by_the_rest_of_the_state() -> None:
    for city in ("New York", "Brooklyn", "new york city"):
        assert _found(_at(Location("US", city, "NY"), salary=None)) == {"NYC": (Fact.PAY_RANGE,)}
    # A city named without its state is still the city.
    assert set(_found(_at(Location("US", "Manhattan"), salary=None))) == {"NYC"}
    assert _found(_at(Location("US", "Buffalo", "NY"), salary=None)) == {}
    assert _found(_at(Location("US", "New York", "NY"), salary=USD)) == {"NYC": ()}


def test_the_eu_rule_applies_only_from_the_directives_transposition_date() -> None:
    german = _at(Location("DE", "Berlin"), salary=None)

    assert _found(german, date(2026, 6, 6)) == {}
    assert _found(german, date(2026, 6, 7)) == {"EU": (Fact.PAY_RANGE,)}
    assert _found(_at(Location("DE", "Berlin"), salary=a_salary())) == {"EU": ()}
    assert _found(_at(Location("CH", "Zürich"), salary=None)) == {}  # not a member state


def test_a_remote_posting_open_to_a_covered_country_counts_as_there() -> None:
    remote_us = posting_details(
        workplace=Workplace.REMOTE, locations=(), remote_countries=("US",), salary=None
    )
    remote_fr = posting_details(
        workplace=Workplace.REMOTE, locations=(), remote_countries=("FR", "CH"), salary=None
    )
    onsite_texas = _at(Location("US", "Austin", "TX"), salary=None)

    assert set(_found(remote_us)) == {"CO", "CA", "WA", "NYC"}
    assert set(_found(remote_fr)) == {"EU"}
    assert _found(onsite_texas) == {}


def test_every_rule_is_one_line_of_data_with_a_code_of_its_own() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == ["CO", "CA", "WA", "NYC", "EU"]
    assert all(rule.asks for rule in RULES)


def test_the_policy_reads_rule_codes_and_actions_and_warns_by_default() -> None:
    policy = PayTransparencyPolicy.parse(" co=BLOCK, NYC=warn ,")

    assert policy.action("CO") is Action.BLOCK
    assert policy.action("NYC") is Action.WARN
    assert policy.action("EU") is Action.WARN
    assert PayTransparencyPolicy.parse("").actions == {}


@pytest.mark.parametrize("text", ["TX=block", "CO=deny", "CO", "=block"])
def test_a_policy_naming_an_unknown_rule_or_action_is_refused(text: str) -> None:
    with pytest.raises(InvariantViolated, match=r"RULE=warn\|block"):
        PayTransparencyPolicy.parse(text)


def test_a_blocking_rule_names_each_missing_fact_and_a_warning_one_names_none() -> None:
    bare = _at(Location("US", "Denver", "CO"), Location("US", "New York", "NY"), salary=None)
    block_co = PayTransparencyPolicy.parse("CO=block")

    with pytest.raises(PayTransparencyIncomplete) as refused:
        ensure_publishable_under(verdicts(bare, AFTER_EU_DATE, block_co))
    ensure_publishable_under(verdicts(bare, AFTER_EU_DATE, WARN))  # warns only

    fields = [f for f, _ in refused.value.field_errors]
    assert fields == ["salary", "benefits_description", "apply_by"]
    assert "Colorado" in refused.value.message and "New York" not in refused.value.message


def test_publishing_under_a_blocking_rule_leaves_the_draft_as_it_was() -> None:
    posting = a_draft_posting(details=_at(Location("US", "Denver", "CO"), salary=None))
    company = a_verified_company(id=posting.company_id)

    with pytest.raises(PayTransparencyIncomplete):
        posting.publish(company, NOW, pay_policy=PayTransparencyPolicy.parse("CO=block"))

    assert posting.status == "draft" and posting.pending_events == ()
    posting.publish(company, NOW + timedelta(minutes=1))  # warn: published
    assert posting.status == "published"
    [verdict] = posting.pay_transparency(WARN)
    assert (verdict.rule, verdict.satisfied) == ("CO", False)


def test_a_region_is_an_iso_subdivision_code_without_its_country() -> None:
    assert Location("us", "Denver", " co ").region == "CO"
    assert Location("US", "Denver", "").region is None
    with pytest.raises(InvariantViolated) as error:
        Location("US", "Denver", "Colorado")
    assert error.value.field == "locations.region"
