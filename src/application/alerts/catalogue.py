"""Every job-alert use case, in one place (beside application.catalogue's Commands)."""

from __future__ import annotations

from dataclasses import dataclass

from application.alerts.commands import (
    ConfirmAlertHandler,
    ExpireUnconfirmedAlertsHandler,
    LookUpAlertLink,
    RequestAlertHandler,
    UnsubscribeAlertHandler,
)
from application.alerts.links import AlertSigningKey
from application.alerts.matching import QueryReader
from application.ports import Clock, IdGenerator, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class AlertUseCases:
    request: RequestAlertHandler
    confirm: ConfirmAlertHandler
    unsubscribe: UnsubscribeAlertHandler
    look_up: LookUpAlertLink
    expire: ExpireUnconfirmedAlertsHandler


def wire_alerts(
    uow: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    key: AlertSigningKey,
    queries: QueryReader,
) -> AlertUseCases:
    return AlertUseCases(
        request=RequestAlertHandler(uow, clock, ids, key, queries),
        confirm=ConfirmAlertHandler(uow, clock),
        unsubscribe=UnsubscribeAlertHandler(uow, clock),
        look_up=LookUpAlertLink(uow, clock),
        expire=ExpireUnconfirmedAlertsHandler(uow, clock),
    )
