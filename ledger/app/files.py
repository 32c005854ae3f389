"""The files the fund reads and writes, as spreadsheets save and open them.

Reading: a school's roster or a claims file, UTF-8 (with or without BOM) or GB18030, streamed
(it is read twice: once to check, once to record), each row turned into a `RosterRow` or a
`ClaimRow`, or into the error of its line and column.

Writing: nothing the fund writes replaces a file unless asked to (`force`), and never the
fund's own store or an input of the same command; a file appears whole or not at all. Cells a
spreadsheet would run as a formula are written with a leading apostrophe (OWASP's advice on
CSV injection) and read back without it, so a re-import gives the original text.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from datetime import date
from decimal import Decimal
from typing import IO, Any, NamedTuple

from ..errors import FundError, InputError
from ..money import ZERO, parse_amount
from ..values import parse_file_date, parse_id, parse_text
from .imports import ClaimRow, RosterRow, at_line

# A header wider than this is not a roster (a hostile or broken file), refused in one line.
MAX_COLUMNS = 200

# -- writing -------------------------------------------------------------------------------


def output_path(path: str, option: str, *, force: bool = False, protected: Iterable[str] = (),
                inputs: Iterable[str] = ()) -> Path:
    """Where a command may write `path` (named by `option` in every refusal), checked before
    the command records anything. `protected`: the store's own files, never written over;
    `inputs`: the files the same command reads."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise InputError(option, f"{path} is a folder; name a file in it")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise InputError(option, f"folder {folder} does not exist")
    if any(_same(target, Path(p)) for p in protected):
        raise InputError(option, f"{path} is the fund's store; the fund never writes over it")
    if any(_same(target, Path(p)) for p in inputs):
        raise InputError(option, f"{path} is an input of this command; name another file")
    if target.exists() and not force:
        raise InputError(option, f"{path} exists; the fund never overwrites a file unless "
                         "told to: add --force to replace it")
    return target


def _same(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


@contextmanager
def replacing(target: Path, option: str, force: bool) -> Iterator[Path]:
    """A scratch file beside `target`, which becomes `target` when the block ends well (and
    is removed otherwise): a reader never sees half a file, a failure leaves the old one."""
    fd, scratch = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.resolve().parent)
    os.close(fd)
    try:
        yield Path(scratch)
        if force:
            os.replace(scratch, target)
        else:
            try:
                os.link(scratch, target)  # fails, unlike a rename, if the file appeared meanwhile
            except FileExistsError:
                raise InputError(option, f"{target} appeared meanwhile; add --force to "
                                 "replace it") from None
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)


# The first characters that make a spreadsheet read a cell as a formula, in ASCII and in the
# full width a Chinese input method types. A minus or plus sign before a number is a number.
_FORMULA = frozenset("=+-@\t\r＝＋－＠")
_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?")


def _runs(cell: str) -> bool:
    """Whether a spreadsheet would run this cell, or the cell is an escaped one."""
    if not cell:
        return False
    if cell[0] == "'":
        return _runs(cell[1:])
    return cell[0] in _FORMULA and not _NUMBER.fullmatch(cell)


def neutral(cell: Any) -> Any:
    """A cell as written: with a leading apostrophe if a spreadsheet would run it."""
    return "'" + cell if isinstance(cell, str) and _runs(cell) else cell


def restored(cell: str) -> str:
    """A cell as read: what `neutral` was given."""
    return cell[1:] if cell[:1] == "'" and _runs(cell[1:]) else cell


def csv_writer(stream: IO[str]) -> Callable[[Iterable[Any]], None]:
    """writerow for CSV that spreadsheets open safely."""
    writer = csv.writer(stream)
    return lambda row: writer.writerow([neutral(cell) for cell in row])


def write_csv(target: Path, option: str, force: bool, header: Iterable[str],
              rows: Iterable[Iterable[Any]]) -> int:
    """A whole CSV file, UTF-8 with BOM so Excel shows names right; returns the rows written."""
    count = 0
    with replacing(target, option, force) as scratch:
        with open(scratch, "w", newline="", encoding="utf-8-sig") as f:
            write = csv_writer(f)
            write(header)
            for row in rows:
                write(row)
                count += 1
    return count


def write_text_lines(target: Path, option: str, force: bool, lines: Iterable[str]) -> int:
    """A whole UTF-8 text file (no BOM: the accounting tools read it as it is), line by line;
    returns the lines written."""
    count = 0
    with replacing(target, option, force) as scratch:
        with open(scratch, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")
                count += 1
    return count


# -- reading -------------------------------------------------------------------------------

REQUIRED = ("member", "name", "born", "guardian", "receipt", "date", "amount")
OPTIONAL = ("hardship", "evidence")


def detect_encoding(path: Path, given: str | None = None) -> str:
    if given:
        try:
            codecs.lookup(given)
        except LookupError:
            raise InputError("encoding", f"{given!r} is not an encoding") from None
        return given
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class CsvFile:
    """A file of rows with named columns; subclasses say which and turn a row into a value."""

    REQUIRED: tuple[str, ...] = ()
    OPTIONAL: tuple[str, ...] = ()
    IGNORED: tuple[str, ...] = ()  # columns of our own exports that import does not need

    def __init__(self, path: str, encoding: str | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("FILE", f"{path}: no such file")
        self.encoding = detect_encoding(self.path, encoding)
        self.columns, self.extra = self._header()

    def _open(self):
        return open(self.path, newline="", encoding=self.encoding, errors="strict")

    def _header(self) -> tuple[dict[str, int], list[str]]:
        try:
            with self._open() as f:
                header = next(csv.reader(f), None)
        except UnicodeDecodeError:
            raise InputError("FILE", f"{self.path}: not {self.encoding} text; try --encoding") from None
        except csv.Error as e:
            raise InputError("header", f"{self.path} line 1 is not a CSV row ({e})") from None
        if not header:
            raise InputError("FILE", f"{self.path} is empty")
        if len(header) > MAX_COLUMNS:
            raise InputError("header", f"{self.path} line 1 has {len(header):,} columns; a "
                             f"file of the fund has at most {MAX_COLUMNS}")
        names = [restored(h.strip().lstrip("\ufeff")).strip().lower() for h in header]
        twice = sorted({n for n in names if n and names.count(n) > 1})
        if twice:
            raise InputError("header", f"{self.path} line 1 names the column(s) "
                             f"{', '.join(twice)} twice; which one is meant?")
        missing = [c for c in self.REQUIRED if c not in names]
        if missing:
            raise InputError("header", f"line 1 lacks the column(s) {', '.join(missing)}")
        columns = {name: i for i, name in enumerate(names)}
        extra = [h for h in names if h not in self.REQUIRED + self.OPTIONAL + self.IGNORED]
        return columns, extra

    def rows(self, after: int = 0) -> Iterator[Any]:
        """Each row, or its line's error; lines are numbered on from `after` (the lines of the
        files before this one, in a roster of several files)."""
        self.lines = 1
        with self._open() as f:
            reader = csv.reader(f)
            next(reader)
            try:
                for record in reader:
                    line = reader.line_num
                    if not any(cell.strip() for cell in record):
                        continue
                    try:
                        yield self._row(after + line, record)
                    except FundError as e:
                        yield after + line, e
            except UnicodeDecodeError:
                yield after + reader.line_num + 1, InputError(
                    "FILE", f"not {self.encoding} text from here on")
            except csv.Error as e:
                yield after + reader.line_num, InputError("FILE", f"not a CSV row ({e})")
            finally:
                self.lines = reader.line_num + 1

    def _cell(self, record: list[str], name: str) -> str:
        i = self.columns.get(name)
        return restored(record[i].strip()).strip() if i is not None and i < len(record) else ""

    def _row(self, line: int, record: list[str]) -> Any:
        raise NotImplementedError

    def write_rejects(self, target: Path, option: str, force: bool, bad: dict[int, str]) -> None:
        """The bad rows as they were, with a reason column, for the school to correct."""
        def rows() -> Iterator[list[str]]:
            for record in reader:
                if reader.line_num in bad:
                    yield [restored(cell) for cell in record] + [bad[reader.line_num]]

        with self._open() as f:
            reader = csv.reader(f)
            header = [restored(cell) for cell in next(reader)]
            write_csv(target, option, force, [*header, "reason"], rows())


class RosterFile(CsvFile):
    REQUIRED = REQUIRED
    OPTIONAL = OPTIONAL

    def _row(self, line: int, record: list[str]) -> RosterRow:
        def cell(name: str) -> str:
            return self._cell(record, name)

        amount = cell("amount")
        hardship = parse_text(cell("hardship"), "hardship", required=False) or None
        return RosterRow(
            line=line,
            member=parse_id(cell("member"), "member"),
            name=parse_text(cell("name"), "name"),
            born=parse_file_date(cell("born"), "born"),
            guardian=parse_text(cell("guardian"), "guardian", required=False),
            receipt=parse_id(cell("receipt"), "receipt"),
            paid_on=parse_file_date(cell("date"), "date"),
            amount=parse_amount(amount, "amount", allow_zero=True) if amount else None,
            hardship=hardship,
            evidence=parse_text(cell("evidence"), "evidence", required=False) or None,
        )


class Rosters:
    """Several schools' roster files as one roster: checked whole, then recorded, so a bad row
    in any file records nothing of any (an administrator hands in a district's files at once).

    Rows are numbered on from one file to the next; `where` turns such a number back into the
    file and its own line."""

    def __init__(self, paths: list[str], encoding: str | None = None):
        self.files = [RosterFile(path, encoding) for path in paths]
        self.extra = list(dict.fromkeys(c for f in self.files for c in f.extra))
        self._starts: list[int] = []

    def rows(self) -> Iterator[Any]:
        self._starts, after = [], 0
        for file in self.files:
            self._starts.append(after)
            yield from file.rows(after)
            after += file.lines

    def where(self, line: int) -> str:
        if len(self.files) == 1:
            return at_line(line)
        n = bisect_right(self._starts, line - 1) - 1
        return f"{self.files[n].path.name} line {line - self._starts[n]}"

    @property
    def encoding(self) -> str:
        return ", ".join(dict.fromkeys(f.encoding for f in self.files))


class BankLine(NamedTuple):
    """One line of a bank statement: money in positive, out negative."""

    line: int
    day: date
    amount: Decimal
    reference: str
    description: str


class BankStatementFile(CsvFile):
    """A bank's statement as banks export it: date, signed amount, reference, description."""

    REQUIRED = ("date", "amount", "reference")
    OPTIONAL = ("description",)

    def _row(self, line: int, record: list[str]) -> BankLine:
        raw = self._cell(record, "amount")
        sign = -1 if raw.startswith("-") else 1
        amount = parse_amount(raw.lstrip("+-").strip(), "amount")
        return BankLine(line, parse_file_date(self._cell(record, "date"), "date"), sign * amount,
                        parse_id(self._cell(record, "reference"), "reference"),
                        parse_text(self._cell(record, "description"), "description",
                                   required=False))

    def fingerprint(self) -> str:
        """The statement's identity: the hash of its bytes, as the bank sent them."""
        digest = hashlib.sha256()
        with open(self.path, "rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                digest.update(block)
        return digest.hexdigest()


class ClaimsFile(CsvFile):
    """Claims as `fund export claims` writes them (status and amounts are recomputed, not read)."""

    REQUIRED = ("claim", "member", "hospital", "bill", "type", "admitted", "discharged", "total",
                "in_scope")
    OPTIONAL = ("other_paid", "diagnosis", "submitted", "replaces")
    IGNORED = ("status", "reason", "payout", "assistance", "paid")

    def _row(self, line: int, record: list[str]) -> ClaimRow:
        def cell(name: str) -> str:
            return self._cell(record, name)

        other, submitted = cell("other_paid"), cell("submitted")
        return ClaimRow(
            line=line,
            claim=parse_id(cell("claim"), "claim"),
            member=parse_id(cell("member"), "member"),
            hospital=parse_id(cell("hospital"), "hospital"),
            bill=parse_id(cell("bill"), "bill"),
            claim_type=parse_text(cell("type"), "type"),
            admitted=parse_file_date(cell("admitted"), "admitted"),
            discharged=parse_file_date(cell("discharged"), "discharged"),
            total=parse_amount(cell("total"), "total"),
            in_scope=parse_amount(cell("in_scope"), "in_scope", allow_zero=True),
            other_paid=parse_amount(other, "other_paid", allow_zero=True) if other else ZERO,
            diagnosis=parse_text(cell("diagnosis"), "diagnosis", required=False) or None,
            submitted=parse_file_date(submitted, "submitted") if submitted else None,
            replaces=parse_id(cell("replaces"), "replaces") if cell("replaces") else None,
        )
