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
from operator import itemgetter
from typing import IO, Any, NamedTuple

from ..errors import FundError, InputError
from ..language import ENGLISH, N_, Message, Translator, Word
from ..money import ZERO, parse_amount
from ..values import parse_file_date, parse_id, parse_text
from .imports import ClaimRow, RosterRow, at_line

# A header wider than this is not a roster (a hostile or broken file), refused in one line.
MAX_COLUMNS = 200

# -- writing -------------------------------------------------------------------------------


# What the files of these options are, by the ending their names must have (a chart's `.png`
# is checked by its commands, before they draw it).
WRITTEN_AS = {"--csv": (".csv",), "--xlsx": (".xlsx",), "--html": (".html", ".htm")}


def output_path(path: str, option: str, *, force: bool = False, protected: Iterable[str] = (),
                inputs: Iterable[str] = ()) -> Path:
    """Where a command may write `path` (named by `option` in every refusal), checked before
    the command records anything. `protected`: the store's own files, never written over;
    `inputs`: the files the same command reads."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise InputError(option, N_("{path} is a folder; name a file in it"), path=path)
    kinds = WRITTEN_AS.get(option)
    if kinds and target.suffix.lower() not in kinds:  # a workbook named .csv opens as nonsense
        raise InputError(option, N_("{path}: this option writes a {suffix} file; name it so"),
                         path=path, suffix=kinds[0])
    folder = target.resolve().parent
    if not folder.is_dir():
        raise InputError(option, N_("folder {folder} does not exist"), folder=folder)
    if any(_same(target, Path(p)) for p in protected):
        raise InputError(option, N_("{path} is the fund's store; the fund never writes over it"),
                         path=path)
    if any(_same(target, Path(p)) for p in inputs):
        raise InputError(option, N_("{path} is an input of this command; name another file"),
                         path=path)
    if target.exists() and not force:
        raise InputError(option, N_("{path} exists; the fund never overwrites a file unless "
                                    "told to: add --force to replace it"), path=path)
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
                raise InputError(option, N_("{path} appeared meanwhile; add --force to "
                                            "replace it"), path=target) from None
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
OPTIONAL = ("hardship", "evidence", "school")


# The encodings a file may be read in (as `codecs` names them): UTF-8 with or without its BOM,
# GB18030 and the older Chinese encodings it contains.
READABLE = {"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312"}


def detect_encoding(path: Path, given: str | None = None) -> str:
    if given:
        try:
            name = codecs.lookup(given).name
        except LookupError:
            raise InputError("encoding", N_("{given!r} is not an encoding"),
                             given=given) from None
        if name not in READABLE:  # a school's file in latin-9 would be read as nonsense
            raise InputError("encoding", N_("{given!r} is not one the fund reads: utf-8, "
                                            "utf-8-sig or gb18030"), given=given)
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


class Formula(str):
    """A workbook cell holding a formula: refused where a value is read (what it computes
    depends on the sheet that is no longer there, and a formula can reach outside it)."""


class SheetRecords:
    """A workbook's first sheet row by row, as csv's reader gives a file's: each row a list of
    cells as a person typed them (a date cell as YYYY-MM-DD, an amount as its digits, a member
    number Excel turned into a number as that number, padded again to the zeros its format
    shows), `line_num` the sheet's row number."""

    def __init__(self, sheet: Any):
        self._rows = sheet.iter_rows()
        self.line_num = 0

    def __iter__(self) -> "SheetRecords":
        return self

    def __next__(self) -> list[str]:
        cells = next(self._rows)
        self.line_num = cells[0].row if cells and getattr(cells[0], "row", None) else \
            self.line_num + 1
        return [_typed(c) for c in cells]


def _typed(cell: Any) -> str:
    from datetime import datetime

    value = cell.value
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str)
                                                   and value.startswith("=")
                                                   and cell.data_type == "f"):
        return Formula(str(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        text = str(int(value)) if float(value).is_integer() else repr(value)
        fmt = getattr(cell, "number_format", "") or ""
        if float(value).is_integer() and re.fullmatch(r"0+", fmt):
            text = text.zfill(len(fmt))
        return text
    return str(value)


@contextmanager
def sheet_records(path: Path) -> Iterator[SheetRecords]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # noqa: BLE001 - any workbook openpyxl cannot read
        raise InputError("FILE", N_("{path}: not an Excel workbook (.xlsx) the fund can read "
                                    "({problem})"), path=path,
                         problem=type(e).__name__) from None
    try:
        yield SheetRecords(book.worksheets[0])
    finally:
        book.close()


def write_xlsx(target: Path, option: str, force: bool, header: Iterable[str],
               rows: Iterable[Iterable[Any]]) -> int:
    """A whole workbook of one sheet: dates as date cells, amounts as numbers with two
    decimals, text as text (a cell a spreadsheet would run is written as text, never as a
    formula); returns the rows written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    with replacing(target, option, force) as scratch:
        book.save(scratch)
    return count


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value as its cell: an amount a number shown with two decimals (a spreadsheet sums
    it; the file's edge is where the fund's exact decimals meet the sheet's numbers), text
    always text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.00"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        return cell
    return value


def _name(cell: str) -> str:
    """A column's name as a file writes it: without BOM, apostrophe or case, `in scope` as
    `in_scope`; Chinese names as they are."""
    return restored(cell.strip().lstrip("\ufeff")).strip().lower()


class CsvFile:
    """A file of rows with named columns; subclasses say which and turn a row into a value.
    The columns may be named in English or in Chinese (`CHINESE`), as schools', hospitals' and
    banks' spreadsheets name them; a file the fund writes in Chinese imports again."""

    REQUIRED: tuple[str, ...] = ()
    OPTIONAL: tuple[str, ...] = ()
    IGNORED: tuple[str, ...] = ()  # columns of our own exports that import does not need
    CHINESE: dict[str, tuple[str, ...]] = {}  # a column's names in Chinese files
    TITLE_LINES = 0  # lines a file may have above its header (a bank's title, account, dates)

    def __init__(self, path: str, encoding: str | None = None):
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError("FILE", N_("{path} is a folder; name a file in it"), path=path)
        if not self.path.is_file():
            raise InputError("FILE", N_("{path}: no such file"), path=path)
        self.xlsx = self.path.suffix.lower() in (".xlsx", ".xlsm")
        self.encoding = "xlsx" if self.xlsx else detect_encoding(self.path, encoding)
        self.header_line = 1
        self.chinese = False  # the file names its columns in Chinese
        self.columns, self.extra = self._header()

    def _open(self):
        return open(self.path, newline="", encoding=self.encoding, errors="strict")

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """The file's records, each a list of cells as text, and `line_num` the line (the
        sheet's row) of the last one: csv's reader, or a workbook's first sheet."""
        if self.xlsx:
            with sheet_records(self.path) as records:
                yield records
            return
        with self._open() as f:
            yield csv.reader(f)

    @classmethod
    def canonical(cls) -> dict[str, str]:
        """Every name a column may have in a file (its own, lower case, or a Chinese one)."""
        names = {c: c for c in cls.REQUIRED + cls.OPTIONAL + cls.IGNORED}
        names.update({zh: c for c, many in cls.CHINESE.items() for zh in many})
        return names

    def _find_header(self, reader) -> list[str] | None:
        """The header: line 1, or the first of the first lines that names the required
        columns (in either language), below a bank's title lines."""
        known = self.canonical()
        first = None
        for number, record in enumerate(reader, 1):
            first = record if first is None else first
            if {known.get(_name(h)) for h in record} >= set(self.REQUIRED):
                self.header_line = number
                return record
            if number > self.TITLE_LINES:
                break
        self.header_line = 1
        return first  # not found: line 1, whose missing columns are then named

    def _header(self) -> tuple[dict[str, int], list[str]]:
        try:
            with self._reading() as reader:
                header = self._find_header(reader)
        except UnicodeDecodeError:
            raise InputError("FILE", N_("{path}: not {encoding} text; try --encoding"),
                             path=self.path, encoding=self.encoding) from None
        except csv.Error as e:
            raise InputError(Word("header"), N_("{path} line 1 is not a CSV row ({problem})"),
                             path=self.path, problem=str(e)) from None
        if not header:
            raise InputError("FILE", N_("{path} is empty"), path=self.path)
        if len(header) > MAX_COLUMNS:
            raise InputError(Word("header"), N_("{path} line 1 has {columns:,} columns; a file of the "
                                          "fund has at most {most}"),
                             path=self.path, columns=len(header), most=MAX_COLUMNS)
        self.width_named = len(header)  # a row's cells past it are under no column
        known = self.canonical()
        written = [_name(h) for h in header]
        self.chinese = any(w in known and known[w] != w for w in written)
        names = [known.get(w, w) for w in written]
        # each column's name as the file writes it, for its errors (a Chinese file's 金额)
        self.written = {n: restored(h.strip().lstrip("\ufeff")).strip()
                        for n, h in zip(names, header)}
        twice = sorted({n for n in names if n and names.count(n) > 1})
        if twice:
            raise InputError(Word("header"), N_("{path} line 1 names the column(s) {columns} twice; "
                                          "which one is meant?"),
                             path=self.path, columns=", ".join(twice))
        missing = [c for c in self.REQUIRED if c not in names]
        if missing:
            raise InputError(Word("header"), N_("line 1 lacks the column(s) {columns}"),
                             columns=", ".join(missing))
        columns = {name: i for i, name in enumerate(names)}
        extra = [self.written.get(h, h) for h in names
                 if h not in self.REQUIRED + self.OPTIONAL + self.IGNORED]
        return columns, extra

    def as_written(self, e: FundError) -> FundError:
        """A row's error naming its column as the file does (`金额`, not `amount`)."""
        if isinstance(e, InputError) and _name(self.written.get(e.field, e.field)) != e.field:
            return InputError(self.written[e.field], e.template, line=e.line, **e.params)
        return e

    def _skip_header(self, reader) -> None:
        for _ in range(self.header_line):
            next(reader)

    def rows(self, after: int = 0) -> Iterator[Any]:
        """Each row, or its line's error; lines are numbered on from `after` (the lines of the
        files before this one, in a roster of several files)."""
        self.lines = 1
        with self._reading() as reader:
            self._skip_header(reader)
            try:
                for record in reader:
                    line = reader.line_num
                    if not "".join(record).strip():  # no cell but blanks
                        continue
                    if not self.xlsx and len(record) > self.width_named and any(
                            str(cell).strip() for cell in record[self.width_named:]):
                        # a text cell under no column: most often a comma in a cell not
                        # quoted, every cell after it shifted one column to the right (a
                        # workbook's cells have their own columns: a note beside them is kept out)
                        yield after + line, InputError(
                            "FILE", N_("{cells} cells where the header names {columns} columns "
                                       "(a comma in a cell that is not quoted?)"),
                            cells=len(record), columns=self.width_named)
                        continue
                    try:
                        yield self._row(after + line, record)
                    except FundError as e:
                        yield after + line, self.as_written(e)
            except UnicodeDecodeError:
                yield after + reader.line_num + 1, InputError(
                    "FILE", N_("not {encoding} text from here on"), encoding=self.encoding)
            except csv.Error as e:
                yield after + reader.line_num, InputError("FILE", N_("not a CSV row ({problem})"),
                                                          problem=str(e))
            finally:
                self.lines = reader.line_num + 1

    def _cell(self, record: list[str], name: str) -> str:
        i = self.columns.get(name)
        if i is None or i >= len(record):
            return ""
        if isinstance(record[i], Formula):
            raise InputError(name, N_("a formula ({formula}), not a value: save the sheet with "
                                      "the value itself"), formula=str(record[i])[:40])
        return restored(record[i].strip()).strip()

    def _row(self, line: int, record: list[str]) -> Any:
        raise NotImplementedError

    def write_rejects(self, target: Path, option: str, force: bool,
                      bad: dict[int, Message | str], t: Translator = ENGLISH) -> None:
        """The bad rows as they were, with a reason column, for the school to correct: the
        reason in the language `t` (the column's name stays `reason`, a column of files)."""
        def reason(problem: Message | str) -> str:
            return problem.render(t) if isinstance(problem, Message) else problem

        def rows() -> Iterator[list[str]]:
            for record in reader:
                if reader.line_num in bad:
                    yield [restored(cell) for cell in record] + [reason(bad[reader.line_num])]

        with self._reading() as reader:
            for _ in range(self.header_line - 1):
                next(reader)  # a bank's title lines: the rejects are a table of lines
            header = [restored(cell) for cell in next(reader)]
            # a file that names its columns in Chinese gets its reason column in Chinese
            write_csv(target, option, force, [*header, "原因" if self.chinese else "reason"],
                      rows())


class RosterFile(CsvFile):
    REQUIRED = REQUIRED
    OPTIONAL = OPTIONAL
    CHINESE = {"member": ("学号", "参保编号"), "name": ("姓名",), "born": ("出生日期",),
               "guardian": ("监护人", "监护人姓名"), "receipt": ("收据号",),
               "date": ("缴费日期",), "amount": ("金额", "缴费金额"),
               "hardship": ("困难类别",), "evidence": ("证明", "证明材料"),
               "school": ("学校",)}

    # The cells a row is made of, in the order `_row_from_text` unpacks them.
    CELLS = ("member", "name", "born", "guardian", "receipt", "date", "amount", "hardship",
             "evidence", "school")

    def __init__(self, path: str, encoding: str | None = None):
        super().__init__(path, encoding)
        # Where each of CELLS is in a record: a column the file lacks reads the empty cell
        # `_row_from_text` puts after the last column it reads.
        self.width = max(self.columns.values(), default=-1) + 1
        self.pick = itemgetter(*(self.columns.get(n, self.width) for n in self.CELLS))

    def _row(self, line: int, record: list[str]) -> RosterRow:
        """A CSV record (only text) by `_row_from_text`, a workbook's (whose cells may be
        formulas, refused by `_cell` as each is read) by `_row_by_cell`: the same cells, the
        same row or the same error (tests/unit/test_fast_paths.py)."""
        if self.xlsx:
            return self._row_by_cell(line, record)
        return self._row_from_text(line, record)

    def _row_from_text(self, line: int, record: list[str]) -> RosterRow:
        """All its cells picked at once: a million-child roster is two million rows read
        (bench/RESULTS.md, session 20)."""
        record = record[:self.width]
        record += [""] * (self.width + 1 - len(record))
        return self._parsed(line, [c if c[:1] != "'" else restored(c).strip()
                                   for c in map(str.strip, self.pick(record))])

    def _row_by_cell(self, line: int, record: list[str]) -> RosterRow:
        return self._parsed(line, [self._cell(record, name) for name in self.CELLS])

    @staticmethod
    def _parsed(line: int, cells: list[str]) -> RosterRow:
        """The row of a record's CELLS, each cleaned as `_cell` cleans it."""
        member, name, born, guardian, receipt, day, amount, hardship, evidence, school = cells
        # an empty cell (most rows' hardship, evidence and school) is empty text, unparsed
        hardship = parse_text(hardship, "hardship", required=False) or None if hardship else None
        return RosterRow(
            line=line,
            member=parse_id(member, "member"),
            name=parse_text(name, "name"),
            born=parse_file_date(born, "born"),
            guardian=parse_text(guardian, "guardian", required=False) if guardian else "",
            receipt=parse_id(receipt, "receipt"),
            paid_on=parse_file_date(day, "date"),
            amount=parse_amount(amount, "amount", allow_zero=True) if amount else None,
            hardship=hardship,
            evidence=parse_text(evidence, "evidence", required=False) or None if evidence else None,
            school=parse_text(school, "school", required=False) or None if school else None,
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

    def where(self, line: int) -> Message:
        if len(self.files) == 1:
            return at_line(line)
        n = bisect_right(self._starts, line - 1) - 1
        return Message(N_("{file} line {line}"), file=self.files[n].path.name,
                       line=line - self._starts[n])

    @property
    def encoding(self) -> str:
        return ", ".join(dict.fromkeys(f.encoding for f in self.files))


class BankLine(NamedTuple):
    """One line of a bank statement: money in positive, out negative; the balance after it,
    where the bank gives one."""

    line: int
    day: date
    amount: Decimal
    reference: str
    description: str
    balance: Decimal | None = None


class BankStatementFile(CsvFile):
    """A bank's statement as banks export it: either `date,amount,reference,description` with
    signed amounts, or as Chinese banks do, a title above the table, money in and out in two
    columns (收入金额 / 支出金额), a balance (余额) after each line, thousands separators
    (`1,000.00`). A line of no amount (an interest of 0.00, a waived fee) is read, to be listed;
    a line without a reference cannot be matched, and is listed as the bank's."""

    REQUIRED = ("date",)
    OPTIONAL = ("amount", "credit", "debit", "balance", "reference", "description",
                "counterparty")
    CHINESE = {"date": ("交易日期", "记账日期", "日期"), "amount": ("金额", "交易金额"),
               "credit": ("收入金额", "收入", "贷方发生额", "贷方金额"),
               "debit": ("支出金额", "支出", "借方发生额", "借方金额"),
               "balance": ("余额", "账户余额"), "reference": ("附言", "用途", "凭证号", "参考号"),
               "description": ("摘要",), "counterparty": ("对方户名", "对方账户名称")}
    TITLE_LINES = 20

    def _header(self) -> tuple[dict[str, int], list[str]]:
        columns, extra = super()._header()
        if "amount" not in columns and not {"credit", "debit"} & set(columns):
            raise InputError(Word("header"), N_("line {line} has no amount: a column amount (money "
                                                "out negative), or credit and debit (收入金额, "
                                                "支出金额)"), line=self.header_line)
        return columns, extra

    def _money(self, record: list[str], name: str) -> Decimal:
        raw = self._cell(record, name)
        if not raw:
            return ZERO
        sign = -1 if raw.startswith("-") else 1
        return sign * parse_amount(raw.lstrip("+-").strip(), name, allow_zero=True, grouped=True)

    def _row(self, line: int, record: list[str]) -> BankLine:
        if "amount" in self.columns:
            amount = self._money(record, "amount")
        else:
            money_in, money_out = self._money(record, "credit"), abs(self._money(record, "debit"))
            if money_in and money_out:  # a bank's line moves money one way
                raise InputError(self.written.get("debit", "debit"), N_(
                    "{money_in} in and {money_out} out on one line: a bank's line is one or "
                    "the other"), money_in=money_in, money_out=money_out)
            amount = money_in - money_out
        reference = self._cell(record, "reference")
        words = [parse_text(self._cell(record, c), c, required=False)
                 for c in ("description", "counterparty")]
        balance = self._cell(record, "balance")
        return BankLine(line, parse_file_date(self._cell(record, "date"), "date"), amount,
                        parse_id(reference, "reference") if reference else "",
                        " ".join(w for w in words if w),
                        self._money(record, "balance") if balance else None)

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
    CHINESE = {"claim": ("报销单号", "申请编号"), "member": ("学号", "参保编号"),
               "hospital": ("医院", "医院编码", "定点医院"), "bill": ("票据号",),
               "type": ("类别", "就诊类别"), "admitted": ("入院日期",),
               "discharged": ("出院日期",), "total": ("医疗总费用", "总费用"),
               "in_scope": ("政策范围内费用", "目录内费用"),
               "other_paid": ("基本医保已支付", "其他已支付"), "diagnosis": ("诊断", "病种"),
               "submitted": ("提交日期", "申请日期"), "replaces": ("替代申请",),
               "status": ("状态",), "reason": ("原因",), "payout": ("基金支付",),
               "assistance": ("医疗救助",), "paid": ("已支付",)}
    TYPES = {"住院": "inpatient", "门诊大病": "outpatient-major"}  # a type as a hospital writes it

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
            claim_type=self.TYPES.get(cell("type"), parse_text(cell("type"), "type")),
            admitted=parse_file_date(cell("admitted"), "admitted"),
            discharged=parse_file_date(cell("discharged"), "discharged"),
            total=parse_amount(cell("total"), "total"),
            in_scope=parse_amount(cell("in_scope"), "in_scope", allow_zero=True),
            other_paid=parse_amount(other, "other_paid", allow_zero=True) if other else ZERO,
            diagnosis=parse_text(cell("diagnosis"), "diagnosis", required=False) or None,
            submitted=parse_file_date(submitted, "submitted") if submitted else None,
            replaces=parse_id(cell("replaces"), "replaces") if cell("replaces") else None,
        )


def export_header(what: str, columns: Iterable[str], chinese: bool) -> list[str]:
    """The header of an export: the fund's column names, or (`chinese`) each column's first
    Chinese name, which `fund import` reads back as well as the English one."""
    names = {"contributions": RosterFile, "claims": ClaimsFile}[what].CHINESE if chinese else {}
    return [names.get(c, (c,))[0] for c in columns]
