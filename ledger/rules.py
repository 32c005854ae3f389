"""The rules file of a plan year: parsed and validated completely, or refused.

A plan year is opened from a TOML file (SPEC §2). Every problem names its key; a file with
any problem records nothing. The validated rules travel inside the year's events as a plain
dict of strings (`to_dict`), so an auditor reads exactly the rules each assessment used.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import InputError
from .language import ENGLISH, N_, Message, Translator, Word
from .money import money, parse_amount, parse_ratio

LEVELS = (1, 2, 3)
CLAIM_TYPES = ("inpatient", "outpatient-major")
APPEAL_DAYS = 60  # [claims] appeal_days when a rules file does not say
YEAR_NAME = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Band:
    """An age band: children born after `born_after` pay `amount` (first match wins)."""

    born_after: date
    amount: Decimal


@dataclass(frozen=True)
class Package:
    """A pilot major disease paid at a limited cost per case, without deductible."""

    code: str
    name: str
    limited_cost: Decimal
    ratio: Decimal


@dataclass(frozen=True)
class YearRules:
    year: str
    starts: date
    ends: date
    currency: str
    window_opens: date
    window_closes: date
    late_waiting_days: int
    newborn_grace_days: int
    max_age: int
    amount: Decimal
    bands: tuple[Band, ...]
    hardship_categories: tuple[str, ...]
    deadline_days: int
    inpatient_deductible: dict[int, Decimal]
    annual_cap: Decimal
    assistance_ratio: Decimal
    ratios: dict[str, dict[int, Decimal]]
    packages: dict[str, Package] = field(default_factory=dict)
    appeal_days: int = APPEAL_DAYS

    def to_dict(self) -> dict[str, Any]:
        """The canonical, JSON-safe form stored in events (all amounts as strings)."""
        return {
            "year": self.year,
            "starts": self.starts.isoformat(),
            "ends": self.ends.isoformat(),
            "currency": self.currency,
            "enrollment": {
                "window_opens": self.window_opens.isoformat(),
                "window_closes": self.window_closes.isoformat(),
                "late_waiting_days": self.late_waiting_days,
                "newborn_grace_days": self.newborn_grace_days,
                "max_age": self.max_age,
            },
            "contribution": {
                "amount": f"{self.amount:.2f}",
                "hardship_categories": list(self.hardship_categories),
                "band": [
                    {"born_after": b.born_after.isoformat(), "amount": f"{b.amount:.2f}"}
                    for b in self.bands
                ],
            },
            "claims": {
                "deadline_days": self.deadline_days,
                "inpatient_deductible": {
                    str(k): f"{v:.2f}" for k, v in self.inpatient_deductible.items()
                },
                "annual_cap": f"{self.annual_cap:.2f}",
                "assistance_ratio": str(self.assistance_ratio),
                "ratio": {
                    t: {str(k): str(v) for k, v in levels.items()}
                    for t, levels in self.ratios.items()
                },
                "package": [
                    {
                        "code": p.code,
                        "name": p.name,
                        "limited_cost": f"{p.limited_cost:.2f}",
                        "ratio": str(p.ratio),
                    }
                    for p in self.packages.values()
                ],
                # Written only when not the default, so rules recorded before the key existed
                # keep their fingerprint.
                **({"appeal_days": self.appeal_days} if self.appeal_days != APPEAL_DAYS else {}),
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "YearRules":
        """Rebuild the rules from their stored form (already validated when recorded)."""
        return parse_rules_data(data)

    @property
    def fingerprint(self) -> str:
        """A short hash of the canonical rules: what an auditor compares across events."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]


class RulesFileError(InputError):
    """Every problem of a rules file, each naming its key (a key of the file: not translated)
    and what is wrong with it (a sentence of the catalogue). `problems`: (key, the English
    sentence); `found`: (key, Message)."""

    def __init__(self, problems: list[tuple[str, Message]]):
        self.found = problems
        self.problems = [(key, str(msg)) for key, msg in problems]
        super().__init__(Word("rules file"), "{problems}", problems=self.listed(ENGLISH))

    def listed(self, t: Translator) -> str:
        return t(N_("; ")).join(t(N_("{key}: {problem}"), key=key, problem=msg.render(t))
                                for key, msg in self.found)

    def render(self, t: Translator, field: str | None = None) -> str:
        where = t(N_("line {line}: "), line=self.line) if self.line is not None else ""
        field = field or self.field
        label = t.word(field) if isinstance(field, Word) else field
        return where + t(N_("{field}: {message}"), field=label, message=self.listed(t))


def parse_rules_text(text: str) -> YearRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # the parser's own words (English) with where it stopped, told in the reader's words
        found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(e), re.S)
        if found:
            raise InputError(Word("rules file"), N_("not valid TOML at line {row}, column "
                                                    "{column} ({problem})"),
                             row=int(found[2]), column=int(found[3]),
                             problem=found[1]) from None
        raise InputError(Word("rules file"), N_("not valid TOML ({problem})"), problem=str(e)) from None
    except RecursionError:  # tables or arrays nested thousands deep: no rules file is
        raise InputError(Word("rules file"), N_("nested too deeply to be a rules file")) from None
    return parse_rules_data(data)


_KNOWN = {
    "": {"year", "starts", "ends", "currency", "enrollment", "contribution", "claims"},
    "enrollment": {
        "window_opens", "window_closes", "late_waiting_days", "newborn_grace_days", "max_age",
    },
    "contribution": {"amount", "hardship_categories", "band"},
    "claims": {
        "deadline_days", "inpatient_deductible", "annual_cap", "assistance_ratio", "ratio",
        "package", "appeal_days",
    },
}


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.problems: list[tuple[str, Message]] = []

    def problem(self, key: str, msg: str, /, **params: Any) -> None:
        """A problem of `key`: `msg` is a template of the catalogue (marked N_), filled with
        `params`; the key stays as the file writes it."""
        self.problems.append((key, Message(msg, **params)))

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        if value is None:
            self.problem(name, N_("missing section"))
            return {}
        if not isinstance(value, dict):
            self.problem(name, N_("must be a table"))
            return {}
        return value

    def get(self, table: dict[str, Any], prefix: str, key: str, kind: str, default: Any = ...):
        full = f"{prefix}.{key}" if prefix else key
        if key not in table:
            if default is not ...:
                return default
            self.problem(full, N_("missing key"))
            return None
        return self.convert(table[key], full, kind)

    def convert(self, value: Any, full: str, kind: str) -> Any:
        try:
            if kind == "date":
                if isinstance(value, date) and not hasattr(value, "hour"):
                    return value
                if isinstance(value, str):
                    return date.fromisoformat(value)
                raise ValueError
            if kind == "amount":
                if isinstance(value, bool) or isinstance(value, float):
                    raise InputError(full, N_("write amounts as strings, like \"120.00\""))
                return parse_amount(str(value), full, allow_zero=True)
            if kind == "ratio":
                if isinstance(value, bool) or isinstance(value, float):
                    raise InputError(full, N_("write ratios as strings, like \"0.70\""))
                return parse_ratio(str(value), full)
            if kind == "days":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    # repr made here: a TOML date is shown as Python writes it, not as a date
                    raise InputError(full, N_("{value} must be a whole number of days, 0 or more"),
                                     value=repr(value))
                return value
            if kind == "str":
                if not isinstance(value, str) or not value.strip():
                    raise InputError(full, N_("must be a non-empty string"))
                return value.strip()
        except InputError as e:
            self.problem(full, e.template, **e.params)
            return None
        except (ValueError, TypeError):
            self.problem(full, N_("{value!r} is not a date (YYYY-MM-DD)"), value=value)
            return None
        raise AssertionError(kind)

    def unknown(self, table: dict[str, Any], prefix: str) -> None:
        for key in table:
            if key not in _KNOWN[prefix]:
                self.problem(f"{prefix}.{key}" if prefix else key, N_("unknown key"))

    def by_level(self, value: Any, full: str, kind: str) -> dict[int, Decimal] | None:
        if not isinstance(value, dict):
            self.problem(full, N_("must be a table of hospital levels 1, 2 and 3"))
            return None
        out: dict[int, Decimal] = {}
        for level in LEVELS:
            if str(level) not in value:
                self.problem(f"{full}.{level}", N_("missing key"))
            else:
                out[level] = self.convert(value[str(level)], f"{full}.{level}", kind)
        for key in value:
            if key not in {str(lv) for lv in LEVELS}:
                self.problem(f"{full}.{key}", N_("unknown hospital level (1, 2 or 3)"))
        return out


def parse_rules_data(data: dict[str, Any]) -> YearRules:
    r = _Reader(data)
    r.unknown(data, "")
    name = r.get(data, "", "year", "str")
    starts = r.get(data, "", "starts", "date")
    ends = r.get(data, "", "ends", "date")
    currency = r.get(data, "", "currency", "str")

    enr = r.section("enrollment")
    r.unknown(enr, "enrollment")
    opens = r.get(enr, "enrollment", "window_opens", "date")
    closes = r.get(enr, "enrollment", "window_closes", "date")
    late = r.get(enr, "enrollment", "late_waiting_days", "days")
    grace = r.get(enr, "enrollment", "newborn_grace_days", "days")
    max_age = r.get(enr, "enrollment", "max_age", "days", default=18)

    con = r.section("contribution")
    r.unknown(con, "contribution")
    amount = r.get(con, "contribution", "amount", "amount")
    if amount is not None and amount <= 0:
        r.problem("contribution.amount", N_("must be more than 0.00"))
    cats = con.get("hardship_categories", [])
    if not isinstance(cats, list) or not all(isinstance(c, str) and c.strip() for c in cats):
        r.problem("contribution.hardship_categories", N_("must be a list of category names"))
        cats = []
    bands = _bands(r, con)

    cla = r.section("claims")
    r.unknown(cla, "claims")
    deadline = r.get(cla, "claims", "deadline_days", "days")
    appeal_days = r.get(cla, "claims", "appeal_days", "days", APPEAL_DAYS)
    deductible = _deductible(r, cla)
    cap = r.get(cla, "claims", "annual_cap", "amount")
    if cap is not None and cap <= 0:
        r.problem("claims.annual_cap", N_("must be more than 0.00"))
    assistance = r.get(cla, "claims", "assistance_ratio", "ratio")
    ratios = _ratios(r, cla)
    packages = _packages(r, cla)

    _check_dates(r, name, starts, ends, opens, closes, max_age)

    if r.problems:
        raise RulesFileError(r.problems)
    return YearRules(
        year=name, starts=starts, ends=ends, currency=currency,
        window_opens=opens, window_closes=closes, late_waiting_days=late,
        newborn_grace_days=grace, max_age=max_age, amount=money(amount),
        bands=tuple(bands), hardship_categories=tuple(c.strip() for c in cats),
        deadline_days=deadline, inpatient_deductible=deductible, annual_cap=cap,
        assistance_ratio=assistance, ratios=ratios, packages=packages,
        appeal_days=APPEAL_DAYS if appeal_days is None else appeal_days,
    )


def _bands(r: _Reader, con: dict[str, Any]) -> list[Band]:
    """[[contribution.band]]: the amount for children born after a date."""
    bands: list[Band] = []
    raw_bands = con.get("band", [])
    if not isinstance(raw_bands, list):
        r.problem("contribution.band", N_("must be an array of tables {table}"),
                  table="[[contribution.band]]")
        raw_bands = []
    for i, b in enumerate(raw_bands, 1):
        prefix = f"contribution.band[{i}]"
        if not isinstance(b, dict):
            r.problem(prefix, N_("must be a table"))
            continue
        for key in b:
            if key not in {"born_after", "amount"}:
                r.problem(f"{prefix}.{key}", N_("unknown key"))
        after = r.get(b, prefix, "born_after", "date")
        band_amount = r.get(b, prefix, "amount", "amount")
        if band_amount is not None and band_amount <= 0:
            r.problem(f"{prefix}.amount", N_("must be more than 0.00"))
        if after is not None and band_amount is not None:
            bands.append(Band(after, band_amount))
    return bands


def _deductible(r: _Reader, cla: dict[str, Any]) -> dict[int, Decimal] | None:
    """claims.inpatient_deductible: one amount, or a table by hospital level."""
    raw_ded = cla.get("inpatient_deductible")
    deductible: dict[int, Decimal] | None = None
    if raw_ded is None:
        r.problem("claims.inpatient_deductible", N_("missing key"))
    elif isinstance(raw_ded, dict):
        deductible = r.by_level(raw_ded, "claims.inpatient_deductible", "amount")
    else:
        one = r.convert(raw_ded, "claims.inpatient_deductible", "amount")
        deductible = {lv: one for lv in LEVELS} if one is not None else None
    return deductible


def _ratios(r: _Reader, cla: dict[str, Any]) -> dict[str, dict[int, Decimal]]:
    """[claims.ratio.TYPE]: the ratio of each claim type by hospital level."""
    raw_ratio = cla.get("ratio")
    ratios: dict[str, dict[int, Decimal]] = {}
    if not isinstance(raw_ratio, dict):
        r.problem("claims.ratio", N_("missing table {table} and others"),
                  table="[claims.ratio.inpatient]")
    else:
        for t in CLAIM_TYPES:
            if t not in raw_ratio:
                r.problem(f"claims.ratio.{t}", N_("missing table"))
            else:
                ratios[t] = r.by_level(raw_ratio[t], f"claims.ratio.{t}", "ratio") or {}
        for t in raw_ratio:
            if t not in CLAIM_TYPES:
                r.problem(f"claims.ratio.{t}", N_("unknown claim type ({types})"),
                          types=", ".join(CLAIM_TYPES))
    return ratios


def _packages(r: _Reader, cla: dict[str, Any]) -> dict[str, Package]:
    """[[claims.package]]: the pilot major diseases, each a limited cost and a ratio."""
    packages: dict[str, Package] = {}
    raw_packages = cla.get("package", [])
    if not isinstance(raw_packages, list):
        r.problem("claims.package", N_("must be an array of tables {table}"),
                  table="[[claims.package]]")
        raw_packages = []
    for i, p in enumerate(raw_packages, 1):
        prefix = f"claims.package[{i}]"
        if not isinstance(p, dict):
            r.problem(prefix, N_("must be a table"))
            continue
        for key in p:
            if key not in {"code", "name", "limited_cost", "ratio"}:
                r.problem(f"{prefix}.{key}", N_("unknown key"))
        code = r.get(p, prefix, "code", "str")
        pname = r.get(p, prefix, "name", "str")
        limited = r.get(p, prefix, "limited_cost", "amount")
        pratio = r.get(p, prefix, "ratio", "ratio")
        if limited is not None and limited <= 0:
            r.problem(f"{prefix}.limited_cost", N_("must be more than 0.00"))
        if code in packages:
            r.problem(f"{prefix}.code", N_("package {code!r} is defined twice"), code=code)
        elif code and code in CLAIM_TYPES:
            r.problem(f"{prefix}.code", N_("{code!r} is a claim type, not a package code"),
                      code=code)
        elif None not in (code, pname, limited, pratio):
            packages[code] = Package(code, pname, limited, pratio)
    return packages


def _check_dates(r: _Reader, name: str | None, starts: date | None, ends: date | None,
                 opens: date | None, closes: date | None, max_age: int | None) -> None:
    """The year's name, dates and window agree with one another."""
    if name is not None:
        m = YEAR_NAME.fullmatch(name)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            r.problem("year", N_("{name!r} must name an academic year, like \"2026-2027\""),
                      name=name)
        elif starts is not None and starts.year != int(m.group(1)):
            r.problem("starts", N_("{starts} is not in {first}, the first year of {name}"),
                      starts=starts, first=m.group(1), name=name)
    if starts is not None and ends is not None:
        if ends <= starts:
            r.problem("ends", N_("{ends} must be after {key} {starts}"), ends=ends,
                      key="starts", starts=starts)
        elif (ends - starts).days > 366:
            r.problem("ends", N_("a plan year lasts at most one year"))
        for key, day in (("enrollment.window_opens", opens), ("enrollment.window_closes", closes)):
            if day is not None and not starts <= day <= ends:
                r.problem(key, N_("{day} is outside the plan year {starts} to {ends}"), day=day,
                          starts=starts, ends=ends)
    if opens is not None and closes is not None and closes < opens:
        r.problem("enrollment.window_closes", N_("{closes} is before {key} {opens}"),
                  closes=closes, key="window_opens", opens=opens)
    if max_age is not None and not 0 < max_age <= 25:
        r.problem("enrollment.max_age", N_("must be between 1 and 25"))
