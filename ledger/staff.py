"""The fund's operators and the role each holds, recorded as events like every other fact.

One record for the whole fund (like the calendar of plan years), so that "the first operator
is a manager" and "a fund keeps a manager" are decided on everything recorded, and two
managers adding the same person at once are told apart by the store.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import InputError, RuleViolation
from .identity import natural_id
from .language import N_, Word
from .roles import MANAGER, ROLES


def parse_role(text: str) -> str:
    role = text.strip().lower()
    if role not in ROLES:
        raise InputError("role", N_("{role!r} is not a role of the fund ({roles})"), role=text,
                         roles=", ".join(ROLES))
    return role


class Staff(Aggregate):
    """Who may act for the fund: each operator's role, and those removed."""

    @staticmethod
    def create_id() -> UUID:
        return natural_id("staff", "fund")

    @event("Started")
    def __init__(self) -> None:
        self.roles: dict[str, str] = {}  # operators on record now: their role
        self.removed: dict[str, date] = {}  # operators removed: since when

    @property
    def staffed(self) -> bool:
        """Whether the fund has operators on record (before the first, it runs open)."""
        return bool(self.roles)

    def role_of(self, person: str) -> str | None:
        return self.roles.get(person)

    def add(self, person: str, role: str, operator: str, effective: date) -> bool:
        """Add an operator, or give one on record another role; False if nothing changes."""
        if not self.roles and role != MANAGER:
            raise RuleViolation(N_("the first operator is a manager"),
                                N_("{person} would be the first operator on record, as a "
                                   "{role}; the first is a manager, who adds the others"),
                                person=person, role=Word(role))
        was = self.roles.get(person)
        if was == role:
            return False
        if was == MANAGER:
            self._keep_a_manager(person)
        if was is None:
            self._added(person, role, operator, effective)
        else:
            self._role_changed(person, role, was, operator, effective)
        return True

    def remove(self, person: str, reason: str, operator: str, effective: date) -> None:
        if person not in self.roles:
            raise RuleViolation(N_("unknown operator"), N_("{person} is not an operator on "
                                                           "record"), person=person)
        if self.roles[person] == MANAGER:
            self._keep_a_manager(person)
        self._removed(person, self.roles[person], reason, operator, effective)

    def _keep_a_manager(self, person: str) -> None:
        if [p for p, r in self.roles.items() if r == MANAGER] == [person]:
            raise RuleViolation(N_("a fund keeps a manager"),
                                N_("{person} is the fund's only manager; add another manager "
                                   "first"), person=person)

    @event("OperatorAdded")
    def _added(self, person: str, role: str, operator: str, effective: date) -> None:
        self.roles[person] = role
        self.removed.pop(person, None)

    @event("RoleChanged")
    def _role_changed(self, person: str, role: str, was: str, operator: str,
                      effective: date) -> None:
        self.roles[person] = role

    @event("OperatorRemoved")
    def _removed(self, person: str, role: str, reason: str, operator: str,
                 effective: date) -> None:
        del self.roles[person]
        self.removed[person] = effective
