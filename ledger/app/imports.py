"""What a file import reads and reports: its rows, the problems of a bad row (named by its
line and column, or its rule) and how many rows were recorded, skipped or set aside.

A problem is a `Message` (a sentence of the catalogue and its parameters: the line, the column
as the file names it, the refusal's own template), told in the reader's language where it is
shown, in English by `str()`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import FundError, InputError, RuleViolation
from ..language import ENGLISH, N_, Message, Translator, Word


# Not frozen: a frozen dataclass checks each field's assignment, 3 s of a million-child roster
# (read twice); nothing changes a row (`dataclasses.replace` makes another).
@dataclass
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
    school: str | None = None

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
    errors: list[Message] = field(default_factory=list)

    def reject(self, problem: Message) -> None:
        """A bad row: counted, and kept among the first fifty problems shown."""
        self.rejected += 1
        if len(self.errors) < 50:
            self.errors.append(problem)


class RosterError(InputError):
    """A file (a roster, or a claims file) with bad rows: nothing was recorded."""

    def __init__(self, report: ImportReport, what: str = Word("roster")):
        self.report = report
        super().__init__(what, N_("{bad} bad row(s), nothing recorded; first: {first}"),
                         bad=report.rejected, first=report.errors[0])


class ImportInterrupted(FundError):
    """An import stopped by the administrator (Ctrl-C): whole batches were recorded, and the
    same command run again records the rest (the rows recorded are skipped as duplicates)."""

    exit_code = 130

    def __init__(self, report: ImportReport, to_record: int | None):
        self.report = report
        if to_record is None:
            self.told = Message(N_("interrupted while checking the rows: nothing was recorded"))
        else:
            self.told = Message(N_("interrupted {done:,} of {to_record:,} rows recorded, in "
                                   "whole batches; run the same command again to record the "
                                   "rest"), done=report.recorded + report.duplicates,
                                to_record=to_record)
        super().__init__(self.told.render(ENGLISH))

    def render(self, t: Translator) -> str:
        return self.told.render(t)


def at_line(line: int) -> Message:
    """Where a row is, in a single file (a roster of several files names the file too)."""
    return Message(N_("line {line}"), line=line)


def row_error(line: int, e: FundError, where: Callable[[int], Any] = at_line) -> Message:
    """A bad row's problem: the column of its field (as the file names it), or the rule it
    breaks; the refusal keeps its own template and parameters."""
    if isinstance(e, InputError) and e.field == "FILE":  # the line itself, not one cell
        return Message(N_("{where}: {problem}"), where=where(line),
                       problem=Message(e.template, **e.params))
    if isinstance(e, InputError):
        return Message(N_("{where}, column {column}: {problem}"), where=where(line),
                       column=e.field, problem=Message(e.template, **e.params))
    assert isinstance(e, RuleViolation)
    return Message(N_("{where}: {rule}: {problem}"), where=where(line),
                   rule=Message(e.rule_id, **e.params), problem=Message(e.template, **e.params))


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
