"""The fund's operators: added, given another role, removed; on PostgreSQL each with a login
that holds only its role's rights (ledger/store/logins.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..staff import parse_role
from ..values import parse_text
from .records import Records
from .use_case import use_case


class Operators:
    def __init__(self, records: Records):
        self.records = records

    def _engine(self) -> Any:
        return self.records.views.engine

    @use_case
    def add(self, person: str, role: str, on: date | None = None) -> tuple[bool, bool | None]:
        """(whether anything changed, whether a database login was created now: None off
        PostgreSQL). The login's rights are given before the event is saved, so that a
        database refusing them leaves nothing recorded."""
        records = self.records
        role = parse_role(role)
        on = records.when(on)
        staff = records.staff()
        changed = staff.add(person, role, records.operator, on)
        created = None
        if self._engine().dialect.name == "postgresql":
            from ..store.logins import grant

            created = grant(self._engine(), person, role, records.app.recorder.events_table_name)
        if changed:
            records.save(staff)
        return changed, created

    @use_case
    def remove(self, person: str, reason: str, on: date | None = None) -> None:
        records = self.records
        on = records.when(on)
        staff = records.staff()
        staff.remove(person, parse_text(reason, "--reason", required=False), records.operator,
                     on)
        if self._engine().dialect.name == "postgresql":
            from ..store.logins import revoke

            revoke(self._engine(), person)
        records.save(staff)

    def excess(self) -> list[dict[str, Any]]:
        """The logins whose rights on this store exceed their role (PostgreSQL)."""
        if self._engine().dialect.name != "postgresql":
            return []
        from ..store.logins import excess

        return excess(self._engine(), dict(self.records.staff().roles),
                      self.records.app.recorder.events_table_name)
