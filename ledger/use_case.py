"""The unit of work of every write: retried on conflicts, then the read models caught up."""

from __future__ import annotations

import functools
import random
import time
from typing import Any, Callable, TypeVar

from eventsourcing.persistence import IntegrityError

from .errors import RuleViolation

T = TypeVar("T")
ATTEMPTS = 12


def use_case(method: Callable[..., T]) -> Callable[..., T]:
    """Run a write use case, retrying on conflicts with other terminals, then catch up views.

    A conflict means another terminal saved one of the same aggregates first (or created the
    same receipt, member or claim): the use case is run again from a fresh read, so its
    rules are checked against what is now recorded.
    """

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> T:
        for attempt in range(ATTEMPTS):
            try:
                result = method(self, *args, **kwargs)
                break
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise RuleViolation(
                        "busy", "other terminals kept changing the same records; try again"
                    ) from None
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        self.views.catch_up()
        return result

    return run
