"""What a scenario carries from one step to the next, and the helpers every step file uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.errors import FundError


@dataclass
class World:
    """A scenario's state between its steps."""

    error: FundError | None = None  # what the last command was refused with
    result: Any = None  # what the last command answered
    rules_text: str | None = None
    receipts: list[str] = field(default_factory=list)
    payables: list[str] = field(default_factory=list)  # claim numbers, in order of approval
    claim: str | None = None
    children: int = 0
    books_before: Any = None
    events_before: int = 0
    position: int = 0
    rebuild: Any = None
    seal: Any = None
    report: Any = None
    roster: list[str] = field(default_factory=list)  # a roster's lines, header first
    roster_path: Path | None = None
    encoding: str = "utf-8"
    schools: list[Path] = field(default_factory=list)
    set_aside: Path | None = None
    statement: list[Any] = field(default_factory=list)  # a bank statement's lines
    fingerprint: str = ""
    coverage: list[Any] = field(default_factory=list)  # how much of the log the seals cover


@pytest.fixture
def world() -> World:
    return World()


def attempt(world: World, action, *args, **kwargs):
    world.error = None
    try:
        world.result = action(*args, **kwargs)
    except FundError as e:
        world.error = e
        world.result = None


def d(text: str) -> date:
    return date.fromisoformat(text.strip())


def amount(text: str) -> Decimal:
    return Decimal(text.strip())
