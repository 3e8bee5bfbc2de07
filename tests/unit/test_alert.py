"""The Alert aggregate: double opt-in, one-click unsubscribe, expiry of the unconfirmed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.alert import Alert, AlertStatus, SavedSearch
from domain.errors import InvalidTransition, InvariantViolated
from domain.events import AlertConfirmed, AlertExpired, AlertRequested, AlertUnsubscribed
from domain.ids import AlertId

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
SEARCH = SavedSearch.of({"q": ("rust",), "countries": ("DE", "AT")})


def _alert(frequency: str = "instant") -> Alert:
    return Alert.request(
        AlertId(UUID(int=7)), " Ann@Example.COM ", SEARCH, frequency, ("c" * 64, "u" * 64), NOW
    )


def test_a_requested_alert_is_pending_and_its_event_names_only_the_alert() -> None:
    alert = _alert("Daily")
    assert alert.status is AlertStatus.PENDING
    assert alert.email == "Ann@example.com"
    assert alert.frequency.value == "daily"
    (event,) = alert.pending_events
    assert isinstance(event, AlertRequested)
    assert "example" not in repr(event)


def test_confirming_starts_it_and_a_second_confirmation_changes_nothing() -> None:
    alert = _alert()
    alert.confirm(NOW + timedelta(hours=1))
    alert.confirm(NOW + timedelta(hours=2))
    assert alert.status is AlertStatus.CONFIRMED
    assert alert.confirmed_at == NOW + timedelta(hours=1)
    assert [type(e) for e in alert.pending_events] == [AlertRequested, AlertConfirmed]


def test_a_confirmation_after_48_hours_is_refused_and_the_alert_expires() -> None:
    alert = _alert()
    later = NOW + timedelta(hours=48)
    with pytest.raises(InvalidTransition):
        alert.confirm(later)
    alert.expire(later)
    assert alert.status is AlertStatus.EXPIRED
    assert isinstance(alert.pending_events[-1], AlertExpired)


def test_a_pending_alert_inside_its_window_does_not_expire() -> None:
    with pytest.raises(InvalidTransition):
        _alert().expire(NOW + timedelta(hours=47))


def test_unsubscribing_ends_it_once_and_it_cannot_be_confirmed_again() -> None:
    alert = _alert()
    alert.confirm(NOW)
    alert.unsubscribe(NOW + timedelta(days=1))
    alert.unsubscribe(NOW + timedelta(days=2))
    assert alert.status is AlertStatus.UNSUBSCRIBED
    assert [type(e) for e in alert.pending_events][-1] is AlertUnsubscribed
    assert len(alert.pending_events) == 3
    with pytest.raises(InvalidTransition):
        alert.confirm(NOW + timedelta(days=3))


@pytest.mark.parametrize("email", ["not an address", "a@b", "x@example.com, y@example.com"])
def test_an_alert_needs_one_email_address(email: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        Alert.request(AlertId(UUID(int=1)), email, SEARCH, "instant", ("c", "u"), NOW)
    assert error.value.field == "email"


def test_an_unknown_frequency_is_refused_naming_it() -> None:
    with pytest.raises(InvariantViolated) as error:
        _alert("hourly")
    assert error.value.field == "frequency"


def test_a_saved_search_keeps_filters_in_name_order_and_drops_empty_ones() -> None:
    saved = SavedSearch.of({"q": ("go",), "countries": ("FR",), "city": ()})
    assert saved.filters == (("countries", ("FR",)), ("q", ("go",)))
