"""The unit of work of every write: retried on conflicts, then the read models caught up."""

from __future__ import annotations

import functools
import random
import time
from typing import Any, Callable, TypeVar

from eventsourcing.persistence import IntegrityError

from ..errors import RuleViolation
from ..language import N_

T = TypeVar("T")
ATTEMPTS = 12


def retried(work: Callable[[int], T]) -> T:
    """`work(attempt)`, run again from a fresh read while another terminal keeps saving one of
    the same aggregates first (or creating the same receipt, member or claim), so its rules
    are checked against what is now recorded; `busy` after twelve conflicts."""
    for attempt in range(ATTEMPTS):
        try:
            return work(attempt)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise RuleViolation(
                    N_("busy"), N_("other terminals kept changing the same records; try again")
                ) from None
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def use_case(method: Callable[..., T]) -> Callable[..., T]:
    """Run a write use case (a method of an object with `records`), retried on conflicts with
    other terminals, then catch the read models up."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> T:
        result = retried(lambda _: method(self, *args, **kwargs))
        self.records.views.catch_up()
        return result

    return run
