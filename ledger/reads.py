"""The answers of the read commands, from the read models, in one place.

The application catches the views up and then asks here. A read command may also come here
directly (`quick`) when the views are already current: it then answers without loading the
event store's machinery, which is most of a read command's start-up.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from .errors import NotFound
from .projections import queries
from .projections.tables import VIEWS_VERSION


class Statements:
    def __init__(self, engine: Engine, today: Callable[[], date]):
        self.engine = engine
        self.today = today

    def balance(self, as_of: date | None = None) -> dict[str, Any]:
        return queries.balance(self.engine, as_of or self.today())

    def member_statement(self, member: str, as_of: date | None = None) -> dict[str, Any]:
        found = queries.member(self.engine, member)
        if found is None:
            raise NotFound("member", member)
        return found

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        found = queries.claim(self.engine, claim)
        if found is None:
            raise NotFound("claim", claim)
        return found


def quick(url: str, today: Callable[[], date], events_table: str = "fundbook_events"
          ) -> Statements | None:
    """Statements straight from the views if they are current and plainly readable, else None
    (the caller then opens the whole application, which catches up or explains)."""
    from .locations import store_url

    engine = create_engine(store_url(url))
    try:
        with engine.connect() as conn:
            tracked = dict(conn.execute(text(
                "SELECT name, position FROM view_tracking WHERE name IN ('views', 'views:version')")
            ).all())
            last, first = conn.execute(text(
                f"SELECT (SELECT max(id) FROM {events_table}), "
                f"(SELECT state FROM {events_table} ORDER BY id LIMIT 1)")).one()
    except DBAPIError:
        engine.dispose()
        return None
    current = (tracked.get("views:version") == VIEWS_VERSION and last is not None
               and tracked.get("views") == last and bytes(first).lstrip().startswith(b"{"))
    if not current:
        engine.dispose()
        return None
    return Statements(engine, today)
