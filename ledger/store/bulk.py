"""Bulk work (a roster import, a replay of the log): Python's cyclic garbage collector, and
new aggregates recorded by their creation events alone.

Such work allocates millions of short-lived objects that reference counting frees at once; the
cyclic collector, by default, scans the young ones every 700 allocations and finds nothing to
free. Measured on a 100,000-child roster, those scans cost about 15 % of an import and of a
replay.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import inspect
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from eventsourcing.domain import Aggregate, _created_event_classes
from eventsourcing.utils import get_topic

T = TypeVar("T")
_new, _set = object.__new__, object.__setattr__

# Allocations between scans of the young generation (default 700). A roster batch keeps its
# rows, events and aggregates alive until it is saved, and each scan walks all of them: at
# 100,000, a 200,000-child import spent 1.7-2.1 s of its main process in 173 scans; at
# 1,000,000 none ran during the import (0.13 s, start-up's own), its peak memory the same
# (221 MB), since what a batch allocates is freed by reference counting (bench/RESULTS.md).
YOUNG = 1_000_000


@contextmanager
def sparse_collection() -> Iterator[None]:
    """Scan seldom, and freeze what was loaded before (modules, the fund's own objects) out of
    the full scans. Cycles are still collected, so memory stays flat."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def in_bulk(method: Callable[..., T]) -> Callable[..., T]:
    """`method` run under `sparse_collection`: for a use case that handles thousands of
    aggregates at once (a roster, a claims file, `approve --all`, a payout run): the
    collector's scans were a fifth of an approval of 20,000 claims and over a quarter of their
    payout run (bench/RESULTS.md)."""
    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> T:
        with sparse_collection():
            return method(*args, **kwargs)
    return run


def constructed(cls: Callable[..., T], *args: Any) -> T:
    """A new aggregate, by its constructor: what a use case saves and may go on changing."""
    return cls(*args)


def created(cls: type[Aggregate], *args: Any) -> Any:
    """The event by which `cls(*args)` comes into being, without building the aggregate.

    A roster of a million rows only records new aggregates and never reads them back; the
    library's constructor machinery (arguments matched to the signature, the aggregate built
    from its event, the event's frozen-dataclass constructor) is most of the cost of building
    them. The event is made as the library makes an event it reads from the store: its class,
    given its fields in their declared order. The aggregate rebuilt from it is the one the
    constructor makes, and it is stored as the same bytes: the event class is made from the
    constructor's signature, so a field added there and not here fails at once
    (tests/unit/test_fast_paths.py compares them).
    """
    event_class, params, id_positions, topic = _creation(cls)
    if len(args) != len(params):
        raise TypeError(f"{cls.__name__} is created from {len(params)} values, not {len(args)}")
    state = {"originator_id": cls.create_id(*[args[i] for i in id_positions]),
             "originator_version": cls.INITIAL_VERSION,
             "timestamp": event_class.create_timestamp(), "originator_topic": topic}
    state.update(zip(params, args))
    event = _new(event_class)
    _set(event, "__dict__", state)
    return event


@functools.cache
def _creation(cls: type[Aggregate]) -> tuple[Any, list[str], list[int], str]:
    """The creation event the constructor records (as the library picks it: its registry is
    private, hence the pinned version), the constructor's fields, where those of the id are
    among them, the topic."""
    (event_class,) = _created_event_classes[cls]
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    fields = [f.name for f in dataclasses.fields(event_class)]
    if fields != ["originator_id", "originator_version", "timestamp", "originator_topic", *params]:
        raise TypeError(f"{event_class.__qualname__} has fields {fields}, not the constructor's")
    id_positions = [params.index(p) for p in inspect.signature(cls.create_id).parameters]
    return event_class, params, id_positions, get_topic(cls)
