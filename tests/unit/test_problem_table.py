"""Every error the domain and the application raise has its own row in the problems table."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import application
import domain
from adapters.http.problems import PROBLEMS
from domain.errors import DomainError


def _every_error_class() -> list[type[DomainError]]:
    for package in (domain, application):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        error = pending.pop()
        found.append(error)
        pending.extend(error.__subclasses__())
    return found


ERRORS = [e for e in _every_error_class() if e is not DomainError]


def test_the_domain_and_the_application_raise_errors_of_several_kinds() -> None:
    assert len(ERRORS) >= 10


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: e.__name__)
def test_every_error_code_is_in_the_problems_table(error: type[DomainError]) -> None:
    assert error.code in PROBLEMS, f"{error.__name__}.code {error.code!r} has no problem type"
