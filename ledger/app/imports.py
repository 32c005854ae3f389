"""What a file import reads and reports: its rows, the problems of a bad row (named by its
line and column, or its rule) and how many rows were recorded, skipped or set aside."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import FundError, InputError, RuleViolation


@dataclass(frozen=True)
class RosterRow:
    """One child of a school's roster: its registration and its contribution."""

    line: int
    member: str
    name: str
    born: date
    guardian: str
    receipt: str
    paid_on: date
    amount: Decimal | None
    hardship: str | None
    evidence: str | None

    def hardship_on(self, day: date) -> str | None:
        """As a registered child answers (a new child's status holds from registration)."""
        return self.hardship


@dataclass(frozen=True)
class ClaimRow:
    """One claim of a file, as `fund export claims` writes it."""

    line: int
    claim: str
    member: str
    hospital: str
    bill: str
    claim_type: str
    admitted: date
    discharged: date
    total: Decimal
    in_scope: Decimal
    other_paid: Decimal
    diagnosis: str | None
    submitted: date | None
    replaces: str | None


@dataclass
class ImportReport:
    read: int = 0
    recorded: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    def reject(self, problem: str) -> None:
        """A bad row: counted, and kept among the first fifty problems shown."""
        self.rejected += 1
        if len(self.errors) < 50:
            self.errors.append(problem)


class RosterError(InputError):
    """A file (a roster, or a claims file) with bad rows: nothing was recorded."""

    def __init__(self, report: ImportReport, what: str = "roster"):
        self.report = report
        first = report.errors[0]
        super().__init__(what, f"{report.rejected} bad row(s), nothing recorded; first: {first}")


class ImportInterrupted(FundError):
    """An import stopped by the administrator (Ctrl-C): whole batches were recorded, and the
    same command run again records the rest (the rows recorded are skipped as duplicates)."""

    exit_code = 130

    def __init__(self, report: ImportReport, to_record: int | None):
        self.report = report
        if to_record is None:
            told = "while checking the rows: nothing was recorded"
        else:
            done = report.recorded + report.duplicates
            told = (f"{done:,} of {to_record:,} rows recorded, in whole batches; run the same "
                    "command again to record the rest")
        super().__init__(f"interrupted {told}")


def at_line(line: int) -> str:
    """Where a row is, in a single file (a roster of several files names the file too)."""
    return f"line {line}"


def row_error(line: int, e: FundError, where: Callable[[int], str] = at_line) -> str:
    """A bad row's problem: the column of its field, or the rule it breaks."""
    if isinstance(e, InputError):
        return f"{where(line)}, column {e.field}: {e.message}"
    assert isinstance(e, RuleViolation)
    return f"{where(line)}: {e}"


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Lines:
    """A set of line numbers as one bit each: a million-row file's in 125 kB."""

    def __init__(self) -> None:
        self._bits = bytearray()

    def add(self, line: int) -> None:
        byte = line >> 3
        if byte >= len(self._bits):
            self._bits.extend(bytes(byte + 1 - len(self._bits)))
        self._bits[byte] |= 1 << (line & 7)

    def __contains__(self, line: int) -> bool:
        byte = line >> 3
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << (line & 7)))
