"""Reading identifiers, names and dates typed by administrators or found in files."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from .errors import InputError
from .language import N_

MAX_ID = 64
MAX_TEXT = 200


@lru_cache(maxsize=1 << 14)  # a roster repeats a few hundred payment and birth dates
def parse_date(text: str | date, field: str = "date") -> date:
    if isinstance(text, date):
        return text
    raw = str(text).strip()
    try:
        if len(raw) != 10 or not raw.isascii():
            raise ValueError
        day = date.fromisoformat(raw)
    except ValueError:
        raise InputError(field, N_("{text!r} is not a date (YYYY-MM-DD)"), text=text) from None
    if not 1900 <= day.year <= 2200:
        raise InputError(field, N_("{text!r} is outside the years the fund records"), text=text)
    return day


_SPREADSHEET_DATE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})"
                               r"|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
_AMBIGUOUS_DATE = re.compile(r"[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}")


@lru_cache(maxsize=1 << 14)
def parse_file_date(text: str, field: str = "date") -> date:
    """A date in a file a spreadsheet saved: `YYYY-MM-DD`, or as Excel writes it in a Chinese
    locale, `YYYY/M/D`, `YYYY-M-D` or `YYYY年M月D日`. Day-first and month-first forms
    (`1.9.2025`, `9/1/2025`) could mean two days: refused, never guessed at."""
    raw = str(text).strip()
    if len(raw) == 10 and raw[4:5] == "-":
        try:
            return parse_date(raw, field)
        except InputError:
            pass
    found = _SPREADSHEET_DATE.fullmatch(raw)
    if found is None:
        if _AMBIGUOUS_DATE.fullmatch(raw):
            raise InputError(field, N_("{text!r} could be day-first or month-first; write the "
                                       "year first (YYYY-MM-DD)"), text=text)
        raise InputError(field, N_("{text!r} is not a date (YYYY-MM-DD, YYYY/M/D or "
                                   "YYYY年M月D日)"), text=text)
    year, month, day = (int(g) for g in found.groups() if g is not None)
    try:
        return parse_date(date(year, month, day).isoformat(), field)
    except ValueError:
        raise InputError(field, N_("{text!r} is not a day of the calendar"), text=text) from None


def _printable(raw: str) -> bool:
    # str.isprintable (in C) is False for every "Other" (C*) character, and for separators
    # other than the ASCII space: when it says True, so would the walk below; only text with
    # such a separator (a non-breaking or ideographic space, allowed here) takes the walk.
    return raw.isprintable() or all(unicodedata.category(ch)[0] != "C" for ch in raw)


def parse_id(text: str, field: str) -> str:
    """A member number, receipt, claim, bill or hospital code: visible characters, no spaces.

    NFKC-normalised first, so that look-alikes a person may type for the same number (a
    full-width `Ｃ１` from a Chinese input method, a ligature) are the same number."""
    raw = str(text)
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
    raw = raw.strip()
    if not raw:
        raise InputError(field, N_("is empty"))
    if len(raw) > MAX_ID:
        raise InputError(field, N_("is longer than {most} characters"), most=MAX_ID)
    # Every whitespace character but the ASCII space is a C* or Z* character, which
    # str.isprintable refuses: printable and without " " means no whitespace at all.
    visible = (" " not in raw) if raw.isprintable() else (
        _printable(raw) and not any(ch.isspace() for ch in raw))
    if not visible:
        raise InputError(field, N_("{text!r} may hold only visible characters, without spaces"),
                         text=raw)
    return raw


def parse_text(text: str, field: str, *, required: bool = True) -> str:
    """A name, guardian, donor or reason: any visible text, one line."""
    raw = " ".join(str(text or "").split())
    if not raw:
        if required:
            raise InputError(field, N_("is empty"))
        return ""
    if len(raw) > MAX_TEXT:
        raise InputError(field, N_("is longer than {most} characters"), most=MAX_TEXT)
    if not _printable(raw):
        raise InputError(field, N_("holds control characters"))
    return raw
