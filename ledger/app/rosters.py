"""School rosters: many contributions at once, all or nothing, and safe to import again.

Every row is checked before anything is recorded (a file with a bad row records nothing,
unless the bad rows are set aside). Rows are then recorded in batches, one transaction each,
so an interrupted import leaves whole batches, and importing the file again records only what
is missing: a receipt already recorded with the same data is skipped as a duplicate.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from dataclasses import replace
from typing import Any, Callable, Iterable
from uuid import UUID

from ..enrollment import Enrollment, Receipt
from ..errors import FundError, InputError, RuleViolation
from ..language import N_, Message
from ..registry import Member
from ..store import faults
from ..store.admin import analyse
from ..store.bulk import created, in_bulk
from ..store.seen import SeenKeys
from .contributions import Contributions
from .imports import (ImportInterrupted, ImportReport, Lines, RosterError, RosterRow, at_line,
                      batches, row_error)
from .records import Records
from .use_case import retried

# Rows per transaction. Each new aggregate's id lands at a random place in the store's index
# of aggregates, so a commit rewrites a share of that index's pages that grows with the batch
# much more slowly than the batch does; a larger batch costs memory (both measured in
# bench/RESULTS.md).
BATCH = 20_000
# The stages an import tells `progress` of: the same English words for a script's marks
# (bench/step.py), translated by the command that shows them.
CHECKING, RECORDING = N_("Checking rows"), N_("Recording rows")
# A roster of this many rows or more is projected by a second process while it is recorded
# (below it, starting that process costs more than it saves).
FOLLOW_FROM = 10_000


class Rosters:
    def __init__(self, records: Records, contributions: Contributions):
        self.records = records
        self.contributions = contributions

    def _roster_child(self, row: RosterRow, plan: Any, build: Callable[..., Any] | None
                      ) -> tuple[Any, list[Any]]:
        """The row's child (registered already, and agreeing with the row; or the row itself,
        which has the same fields), and its registration to record if new (none when only
        checking: a registration has no rule of its own)."""
        known = self.records.find(Member, Member.create_id(row.member))
        if known is None:
            if (row.hardship is None) != (row.evidence is None):
                raise InputError("evidence",
                                 N_("a hardship category needs its evidence, and only it"))
            if row.hardship is not None:
                row = replace(row, hardship=self.contributions.hardship_category(row.hardship, [plan]))
            if row.born > row.paid_on:
                raise RuleViolation(N_("date of birth"), N_("{born} is after the payment {paid_on}"),
                                    born=row.born, paid_on=row.paid_on)
            if build is None:
                return row, []
            return row, [build(Member, row.member, row.name, row.born, row.guardian, row.hardship,
                               row.evidence, self.records.operator, row.paid_on)]
        if (known.name, known.born) != (row.name, row.born):
            raise InputError("member", N_("{member} is registered as {name}, born {born}; the "
                                          "row says {row_name}, born {row_born}"),
                             member=row.member, name=known.name, born=known.born,
                             row_name=row.name, row_born=row.born)
        status = known.hardship_on(row.paid_on)
        if row.hardship and row.hardship.casefold() != (status or "").casefold():
            if not status:
                raise InputError("hardship", N_("{member}'s hardship status on {day} is none, "
                                                "the row says {given}"),
                                 member=row.member, day=row.paid_on, given=row.hardship)
            raise InputError("hardship", N_("{member}'s hardship status on {day} is {status}, "
                                            "the row says {given}"),
                             member=row.member, day=row.paid_on, status=status,
                             given=row.hardship)
        return known, []

    def _roster_row(self, row: RosterRow, plan: Any, build: Callable[..., Any] | None = created
                    ) -> tuple[bool, list[Any]]:
        """(duplicate?, what to save) for one row; raises what is wrong with it.

        Recording saves a new child, receipt or enrollment as its creation event alone
        (`ledger.bulk.created`: nothing reads them back during an import). Checking
        (`build=None`) runs every rule the recording will and makes nothing new, since the
        constructors check nothing (half the cost of a check pass)."""
        on = self.records.when(row.paid_on)
        child, registration = self._roster_child(row, plan, build)
        result, pending = self.contributions.enrollment_by(child, plan, row.receipt, on,
                                                           row.amount, build, row.school)
        return result.duplicate, registration + pending

    @in_bulk
    def import_roster(
        self,
        rows: Callable[[], Iterable[RosterRow | tuple[int, FundError]]],
        year: str,
        reject: Callable[[int, Message], None] | None = None,
        progress: Callable[[str, int, int | None], None] | None = None,
        batch: int = BATCH,
        follow_from: int = FOLLOW_FROM,
        where: Callable[[int], Any] = at_line,
    ) -> ImportReport:
        """Check every row of `rows()` (read twice: it streams), then record the good ones.

        Without `reject`, any bad row refuses the whole file (RosterError). With it, bad rows
        are handed to `reject(line, reason)` (a Message) and the good ones recorded. Memory does not grow
        with the file: rows are handled a batch at a time and the keys seen are kept on disk.
        A long roster's views are caught up by a second process while its batches are
        recorded (`ledger.app.workers.Follower`); either way they are current on return.
        `where(line)` names a row's place in problems (a roster of several files numbers its
        rows on from one file to the next, and names the file). `progress(stage, rows, total)`
        is told each stage by its English name (CHECKING, RECORDING: msgids of the catalogue).
        """
        plan = self.records.open_plan(year)
        report, bad = ImportReport(), set()
        seen = SeenKeys()
        known = Lines()
        tell = progress or (lambda *_: None)
        tell(CHECKING, 0, None)
        try:
            for chunk in batches(rows(), batch):
                for line, problem in self._check_batch(chunk, plan, seen, known, where):
                    report.reject(problem)
                    bad.add(line)
                    if reject:
                        reject(line, problem)
                report.read += len(chunk)
                tell(CHECKING, report.read, None)
        except KeyboardInterrupt:
            raise ImportInterrupted(report, None) from None
        finally:
            seen.close()
        if bad and reject is None:
            raise RosterError(report)
        good = (item for item in rows() if not isinstance(item, tuple) and item.line not in bad)
        to_record = report.read - report.rejected
        follower = self._follower(to_record, follow_from)
        tell(RECORDING, 0, to_record)
        try:
            for chunk in batches(good, batch):
                self._record_batch(chunk, year, report, known)
                if follower is None:
                    self._catch_up()
                tell(RECORDING, report.recorded + report.duplicates, to_record)
        except KeyboardInterrupt:
            raise ImportInterrupted(report, to_record) from None
        finally:
            if follower is not None:
                follower.finish()  # it catches up what was recorded, even after a failure
                self.records.views.holding = True
        self._catch_up()  # nothing left, unless the follower failed: then it is done here
        analyse(self.records.views.engine, report.recorded)
        return report

    def _catch_up(self) -> None:
        views = self.records.views
        retried(lambda _: views.catch_up(), views.engine.dispose)

    def _follower(self, rows: int, follow_from: int) -> Any:
        from ..store.log import reachable_url

        url = reachable_url(self.records.app.recorder.datastore.engine)
        if rows < follow_from or url is None or self.records.views.read_only:
            return None
        self.records.views.catch_up()
        self.records.views.holding = False
        return Follower(url)

    def _check_batch(self, chunk: list[Any], plan: Any, seen: SeenKeys, known: Lines,
                     where: Callable[[int], Any]) -> list[tuple[int, Message]]:
        """The problems of a batch of rows, in line order: unreadable, repeated, or refused.
        The lines whose child, enrollment or receipt is recorded already are marked `known`."""
        problems: dict[int, Message] = {}
        rows: list[RosterRow] = []
        for item in chunk:
            if isinstance(item, tuple):
                problems[item[0]] = row_error(*item, where)
            else:
                rows.append(item)
        receipts = seen.first_lines("receipt", [(r.receipt, r.line) for r in rows])
        members = seen.first_lines("member", [(r.member, r.line) for r in rows])
        fresh = []
        for r in rows:
            if receipts[r.receipt] != r.line:
                problems[r.line] = _also_on(where(r.line), "receipt", r.receipt,
                                            where(receipts[r.receipt]))
            elif members[r.member] != r.line:
                problems[r.line] = _also_on(where(r.line), "member", r.member,
                                            where(members[r.member]))
            else:
                fresh.append(r)
        def check(_: int) -> dict[int, Message]:
            found: dict[int, Message] = {}
            by_row = [_row_ids(r, plan.year) for r in fresh]
            with self.records.preloading(i for ids in by_row for i in ids):
                for r in fresh:
                    try:
                        self._roster_row(r, plan, build=None)
                    except FundError as e:
                        found[r.line] = row_error(r.line, e, where)
                preloaded = self.records.preloaded
                for r, ids in zip(fresh, by_row):
                    if any(preloaded[i] is not None for i in ids):
                        known.add(r.line)
            return found

        found = retried(check, self.records.views.engine.dispose)  # another terminal saved some of these rows meanwhile: again
        problems.update(found)
        return sorted(problems.items())

    def _record_batch(self, rows: list[RosterRow], year: str, report: ImportReport,
                      known: Lines) -> None:
        """One transaction; on a conflict with another terminal the batch is prepared again.

        What the check pass found unknown is not read again: if another terminal has since
        recorded it, the store refuses the batch's save (a second first event for the same
        id), and the batch is prepared again from what is stored."""
        def record(attempt: int) -> int:
            plan = self.records.open_plan(year)
            to_save: list[Any] = []
            duplicates = 0
            if attempt == 0:
                read = [r for r in rows if r.line in known]
                unread = [r for r in rows if r.line not in known]
            else:
                read, unread = rows, []
            with self.records.preloading(_ids(read, year), absent=_ids(unread, year)):
                for row in rows:
                    duplicate, aggregates = self._roster_row(row, plan)
                    duplicates += duplicate
                    to_save += aggregates
            if to_save:
                self.records.save(*to_save)
            return duplicates

        duplicates = retried(record, self.records.views.engine.dispose)
        report.duplicates += duplicates
        report.recorded += len(rows) - duplicates
        faults.kept = Message(N_("{done:,} rows of the roster recorded and kept"),
                              done=report.recorded + report.duplicates)


def _also_on(where: Any, column: str, value: str, first: Any) -> Message:
    """A row repeating a receipt or a child of an earlier row (`column` as the file names it)."""
    return Message(N_("{where}, column {column}: {value} is also on {first}"), where=where,
                   column=column, value=value, first=first)


def _row_ids(r: RosterRow, year: str) -> tuple[UUID, UUID, UUID]:
    """The aggregates a row may read: its child, enrollment and receipt (enrollment before
    receipt, as `enrollment_by` reads them: see there why)."""
    return (Member.create_id(r.member), Enrollment.create_id(r.member, year),
            Receipt.create_id(r.receipt))


def _ids(rows: list[RosterRow], year: str) -> list[UUID]:
    """Every aggregate a batch of rows may read."""
    ids: list[UUID] = []
    for r in rows:
        ids += _row_ids(r, year)
    return ids


class Follower:
    """Started by the importing process; `finish()` waits until everything recorded is projected."""

    PART = "follow"  # which of `ledger.app.workers`' parts it runs

    def __init__(self, url: str):
        # What it says on stderr goes to a file, not a pipe nobody reads during the import
        # (a full pipe would stop it), and is logged if it fails (`finish`).
        self.said = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ledger.app.workers", self.PART], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=self.said, text=True)
        assert self.process.stdin is not None
        # The URL goes on stdin: it may carry a password, never on a command line.
        self.process.stdin.write(url + "\n")
        self.process.stdin.flush()

    def finish(self) -> None:
        """Close its stdin and wait for it. If it failed, the caller's own catch-up (which
        every import ends with) projects whatever it left; why it failed is logged for
        whoever looks into it (`fund --debug`'s log, a test's report), not shown."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.close()
        except OSError:  # it is gone already (a broken pipe)
            pass
        self.process.stdin = None
        self.process.communicate()
        if self.process.returncode != 0:
            self.said.seek(0)
            logging.getLogger(__name__).warning(
                "the views' follower failed (exit %s), so the import projects what it left; "
                "it said: %s", self.process.returncode, self.said.read()[-4000:] or "nothing")
        self.said.close()
