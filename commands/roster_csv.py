"""Reading a school's roster file: UTF-8 (with or without BOM) or GB18030, as Excel saves it.

Streams the file (it is read twice: once to check, once to record) and turns each row into a
`RosterRow`, or into the error of its line and column.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Iterator

from ledger.errors import FundError, InputError
from ledger.money import parse_amount
from ledger.roster import RosterRow
from ledger.values import parse_date, parse_id, parse_text

REQUIRED = ("member", "name", "born", "guardian", "receipt", "date", "amount")
OPTIONAL = ("hardship", "evidence")


def detect_encoding(path: Path, given: str | None = None) -> str:
    if given:
        try:
            codecs.lookup(given)
        except LookupError:
            raise InputError("--encoding", f"{given!r} is not an encoding") from None
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


class RosterFile:
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
        if not header:
            raise InputError("FILE", f"{self.path} is empty")
        names = [h.strip().lstrip("\ufeff").lower() for h in header]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise InputError("header", f"line 1 lacks the column(s) {', '.join(missing)}")
        columns = {name: i for i, name in reversed(list(enumerate(names)))}
        extra = [h for h in names if h not in REQUIRED + OPTIONAL]
        return columns, extra

    def rows(self) -> Iterator[RosterRow | tuple[int, FundError]]:
        with self._open() as f:
            reader = csv.reader(f)
            next(reader)
            try:
                for record in reader:
                    line = reader.line_num
                    if not any(cell.strip() for cell in record):
                        continue
                    try:
                        yield self._row(line, record)
                    except FundError as e:
                        yield line, e
            except UnicodeDecodeError:
                yield reader.line_num + 1, InputError("FILE", f"not {self.encoding} text from here on")
            except csv.Error as e:
                yield reader.line_num, InputError("FILE", f"not a CSV row ({e})")

    def _row(self, line: int, record: list[str]) -> RosterRow:
        def cell(name: str) -> str:
            i = self.columns.get(name)
            return record[i].strip() if i is not None and i < len(record) else ""

        amount = cell("amount")
        hardship = parse_text(cell("hardship"), "hardship", required=False) or None
        return RosterRow(
            line=line,
            member=parse_id(cell("member"), "member"),
            name=parse_text(cell("name"), "name"),
            born=parse_date(cell("born"), "born"),
            guardian=parse_text(cell("guardian"), "guardian", required=False),
            receipt=parse_id(cell("receipt"), "receipt"),
            paid_on=parse_date(cell("date"), "date"),
            amount=parse_amount(amount, "amount", allow_zero=True) if amount else None,
            hardship=hardship,
            evidence=parse_text(cell("evidence"), "evidence", required=False) or None,
        )

    def write_rejects(self, path: str, bad: dict[int, str]) -> None:
        """The bad rows as they were, with a reason column, for the school to correct."""
        with self._open() as f, open(path, "w", newline="", encoding="utf-8-sig") as out:
            reader, writer = csv.reader(f), csv.writer(out)
            writer.writerow([*next(reader), "reason"])
            for record in reader:
                if reader.line_num in bad:
                    writer.writerow([*record, bad[reader.line_num]])
