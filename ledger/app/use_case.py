"""The unit of work of every write: retried on conflicts with other terminals and after a
database that went away for a moment, then the read models caught up."""

from __future__ import annotations

import functools
import random
import time
from typing import Any, Callable, TypeVar

from eventsourcing.persistence import IntegrityError

from ..errors import RuleViolation
from ..language import N_
from ..store import faults

T = TypeVar("T")
ATTEMPTS = 12


def retried(work: Callable[[int], T], lost: Callable[[], None] | None = None) -> T:
    """`work(attempt)`, run again from a fresh read

    - while another terminal keeps saving one of the same aggregates first (or creating the
      same receipt, member or claim), so its rules are checked against what is now
      recorded; `busy` after twelve conflicts;
    - after the database went away for a moment (a lost connection, a restart, a failover),
      for up to FUND_RECONNECT_SECONDS with backoff: a save whose commit was cut is found by
      the next attempt (every aggregate has a natural id: a duplicate is skipped, never
      recorded twice). `lost()` drops the pool's dead connections first.
    """
    conflicts, attempt = 0, 0
    backoff = faults.Backoff()
    try:
        while True:
            try:
                return work(attempt)
            except IntegrityError:
                faults.resumed = False
                conflicts += 1
                if conflicts == ATTEMPTS:
                    raise RuleViolation(
                        N_("busy"),
                        N_("other terminals kept changing the same records; try again")
                    ) from None
                time.sleep(random.uniform(0.005, 0.05) * conflicts)
            except Exception as e:  # noqa: BLE001 - only failures that pass are waited out
                backoff.wait(e)
                faults.resumed = True
                if lost is not None:
                    try:
                        lost()
                    except Exception:  # noqa: BLE001 - dropping dead connections may fail too
                        pass
            attempt += 1
    finally:
        faults.resumed = False


def use_case(method: Callable[..., T]) -> Callable[..., T]:
    """Run a write use case (a method of an object with `records`), retried on conflicts with
    other terminals and after a database that went away, then catch the read models up."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> T:
        views = self.records.views
        result = retried(lambda _: method(self, *args, **kwargs), views.engine.dispose)
        retried(lambda _: views.catch_up(), views.engine.dispose)
        return result

    return run
