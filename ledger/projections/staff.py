"""The fund's operators and their roles over time: who may act now, and who held which role on
a past date (`fund operator list --as-of`)."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from sqlalchemy import update

from ..staff import Staff
from .tables import operator_roles
from .writer import Writer, by_event_type

_ROLE = ("person", "since_position", "role", "since", "added_by")


class StaffProjection:
    name = "staff"

    @singledispatchmethod
    def apply(self, event: Any, conn: Writer, position: int) -> None:
        pass

    @apply.register
    def _(self, e: Staff.OperatorAdded, conn: Writer, position: int) -> None:
        conn.insert_tuples(operator_roles, _ROLE,
                           [(e.person, position, e.role, e.effective, e.operator)])

    @apply.register
    def _(self, e: Staff.RoleChanged, conn: Writer, position: int) -> None:
        _close(conn, e.person, e.effective, position, None)
        conn.insert_tuples(operator_roles, _ROLE,
                           [(e.person, position, e.role, e.effective, e.operator)])

    @apply.register
    def _(self, e: Staff.OperatorRemoved, conn: Writer, position: int) -> None:
        _close(conn, e.person, e.effective, position, e.reason)

    apply = by_event_type(apply)
    handles = staticmethod(apply.handles)


def _close(conn: Writer, person: str, day: Any, position: int, reason: str | None) -> None:
    conn.execute(update(operator_roles)
                 .where(operator_roles.c.person == person, operator_roles.c.until_position.is_(None))
                 .values(until=day, until_position=position, reason=reason))
