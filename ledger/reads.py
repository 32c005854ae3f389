"""The answers of the read commands, from the read models, in one place.

The application catches the views up and then asks here. A read command may also come here
directly (`quick`) when the views are already current: it then answers through the driver
alone, without loading the event store's machinery or SQLAlchemy, most of its start-up.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from .errors import NotFound
from .projections import VIEWS_VERSION, answers


class Statements:
    """`source`: the views' SQLAlchemy engine, or a driver connection (`answers.Reader`)."""

    def __init__(self, source: Any, today: Callable[[], date]):
        self.source = source
        self.today = today

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        return answers.balance(self.source, as_of or self.today())

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        found = answers.member(self.source, member)
        if found is None:
            raise NotFound("member", member)
        return found

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        found = answers.claim(self.source, claim)
        if found is None:
            raise NotFound("claim", claim)
        return found

    def close(self) -> None:
        if isinstance(self.source, answers.Reader):
            self.source.close()


def quick(url: str, today: Callable[[], date], events_table: str = "fundbook_events"
          ) -> Statements | None:
    """Statements straight from the views if they are current and plainly readable, else None
    (the caller then opens the whole application, which catches up or explains)."""
    from .locations import store_url

    try:
        reader = answers.Reader.at(store_url(url))
    except Exception:  # noqa: BLE001 - any failure to connect: the application explains it
        return None
    try:
        tracked = {r["name"]: r["position"] for r in reader.rows(
            "SELECT name, position FROM view_tracking WHERE name IN ('views', 'views:version')")}
        (ends,) = reader.rows(f"SELECT (SELECT max(id) FROM {events_table}) AS last, "
                              f"(SELECT state FROM {events_table} ORDER BY id LIMIT 1) AS first")
    except reader.errors:
        reader.close()
        return None
    last, first = ends["last"], ends["first"]
    current = (tracked.get("views:version") == VIEWS_VERSION and last is not None
               and tracked.get("views") == last and isinstance(first, (bytes, memoryview))
               and bytes(first).lstrip().startswith(b"{"))
    if not current:
        reader.close()
        return None
    return Statements(reader, today)
