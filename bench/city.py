"""A synthetic city year, from a seed: rosters per school, claims, donations.

Deterministic (same seed, same files), streamed (a million children never sit in memory), and
shaped like a real children's fund: 10 % hardship children enrolled free, 3 % late joiners,
newborns, about 5 % of children treated with mostly small bills and a long tail of package cases.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Iterator

YEAR = "2025-2026"
WINDOW = (date(2025, 9, 1), date(2025, 11, 28))
LATE = (date(2025, 12, 5), date(2026, 3, 31))
YOUNG_FROM = date(2019, 9, 1)  # born after 2019-08-31: the 0-5 band, 170.00
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["子涵", "欣怡", "梓轩", "浩然", "一诺", "雨桐", "宇轩", "诗涵", "俊杰", "可馨",
         "思远", "佳怡", "明轩", "若曦", "天佑", "梦瑶", "博文", "晓彤", "嘉怡", "泽宇"]
HARDSHIP = ["low-income", "special-hardship", "disabled"]
COLUMNS = ["member", "name", "born", "guardian", "receipt", "date", "amount", "hardship", "evidence"]
SCHOOL_SIZE = 800
LAST_TREATED = date(2026, 8, 1)  # so that every bill is submitted within the plan year


def rules_text() -> str:
    return resources.files("commands").joinpath("demo_rules/rules-2025-2026.toml").read_text()


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


@dataclass(frozen=True)
class Child:
    member: str
    name: str
    born: date
    guardian: str
    receipt: str
    paid_on: date
    amount: str
    hardship: str
    evidence: str

    def row(self) -> list[str]:
        return [self.member, self.name, self.born.isoformat(), self.guardian, self.receipt,
                self.paid_on.isoformat(), self.amount, self.hardship, self.evidence]


def children(n: int, seed: int = 2025) -> Iterator[Child]:
    """N children in school order: 10 % hardship, 3 % late joiners, ~0.5 % newborns."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        school = (i - 1) // SCHOOL_SIZE + 1
        member = f"C{i:07d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        kind = rng.random()
        if kind < 0.005:  # a newborn, enrolled within 90 days of birth
            born = _day(rng, date(2025, 9, 1), date(2026, 2, 28))
            paid_on = born + timedelta(days=rng.randrange(1, 80))
        else:
            born = _day(rng, date(2008, 9, 1), date(2025, 6, 30))
            paid_on = _day(rng, *(LATE if kind < 0.035 else WINDOW))
        hardship = rng.choice(HARDSHIP) if rng.random() < 0.10 else ""
        amount = "0.00" if hardship else ("170.00" if born >= YOUNG_FROM else "150.00")
        yield Child(member, name, born, name[0] + "女士", f"S{school:04d}-{i:07d}", paid_on,
                    amount, hardship, f"CA-{member}" if hardship else "")


def write_rosters(directory: Path, n: int, seed: int = 2025, per_school: bool = False) -> list[Path]:
    """The roster as one file (default) or one file per school, UTF-8 with BOM, as Excel saves."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    out = writer = None
    current = None
    for child in children(n, seed):
        key = child.receipt[:5] if per_school else "all"
        if key != current:
            if out:
                out.close()
            path = directory / (f"roster-{key}.csv")
            out = open(path, "w", newline="", encoding="utf-8-sig")
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            files.append(path)
            current = key
        writer.writerow(child.row())
    if out:
        out.close()
    return files


@dataclass(frozen=True)
class Bill:
    member: str
    kind: str
    level: int
    amount: Decimal
    package: str | None
    treated: date


def bills(n: int, seed: int = 2025) -> Iterator[Bill]:
    """Claims for about 5 % of children: most small, a long tail, a few package cases, treated
    all through the year once the child is covered (late joiners and newborns after 90 days)."""
    rng = random.Random(seed + 1)
    for child in children(n, seed):
        late = not WINDOW[0] <= child.paid_on <= WINDOW[1]
        covered = child.paid_on + timedelta(days=91 if late else 1)
        if rng.random() >= 0.05 or covered > LAST_TREATED:
            continue
        roll = rng.random()
        if roll < 0.002:
            kind, package, amount = "inpatient", rng.choice(["ALL", "VSD"]), rng.uniform(20000, 90000)
        elif roll < 0.35:
            kind, package, amount = "inpatient", None, rng.lognormvariate(8.0, 0.9)
        else:
            kind, package, amount = "outpatient-major", None, rng.lognormvariate(6.5, 0.8)
        treated = _day(rng, covered, LAST_TREATED)
        yield Bill(child.member, kind, rng.choice([1, 2, 3]),
                   Decimal(f"{min(amount, 200000):.2f}"), package, treated)


if __name__ == "__main__":  # python bench/city.py N DIR: write the roster files
    import sys

    count, where = int(sys.argv[1]), Path(sys.argv[2])
    for path in write_rosters(where, count, per_school="--per-school" in sys.argv):
        print(path)
