"""Saving aggregates with the library's own steps (record, then snapshots), collecting the
fund's own objects by their class: the library asks two runtime-checkable protocols of every
object, a large share of a roster batch's save (bench/RESULTS.md). Anything else still goes
through the library's checks."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate


class _Collected(ProcessingEvent):
    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:
            if isinstance(obj, Aggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            elif isinstance(obj, Aggregate.Event):  # a creation event alone (store.bulk)
                self.events.append(obj)
            elif obj is not None:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


def record(app: Application, objs: tuple[Any, ...], kwargs: dict[str, Any]
           ) -> tuple[list[Any], list[Any]]:
    """(recordings, events) of saving `objs` in one transaction, as `Application.save` does."""
    processing = _Collected()
    processing.collect_events(*objs, **kwargs)
    recordings = app._record(processing)
    app._take_snapshots(processing)
    return recordings, processing.events
