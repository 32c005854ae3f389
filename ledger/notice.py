"""The public notice of the cases paid (赔付公示): what families and donors are shown of each
case the fund paid, and what they are never shown.

Shown: a member number masked, the child's age on admission, the hospital's level, the
package or the kind of treatment, the amount paid and the day. Never: the name, the guardian,
the bill number, the whole member number (with them a neighbour could tell whose child was
ill; with what is shown, the public can check that money went to real, plausible cases).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from .coverage import age_on


def masked(member: str) -> str:
    """C00293 -> C0**93: the first two and the last two characters of a number of six or
    more, the first and the last of a shorter one; never more than a third of it shown."""
    n = len(member)
    if n <= 3:
        return "*" * n
    keep = 2 if n >= 6 else 1
    return member[:keep] + "*" * (n - 2 * keep) + member[-keep:]


def cases(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each case paid, as published: numbered in order of payment. `rows`: the claims paid,
    with the child's date of birth, the admission, the level, the treatment and the amount."""
    found = []
    for row in sorted(rows, key=lambda r: (r["paid_on"], r["claim"])):
        found.append({
            "case": len(found) + 1,
            "member": masked(row["member"]),
            "age": age_on(row["born"], row["admitted"]),
            "level": row["level"],
            "treatment": row["package"] or row["claim_type"],
            "paid": Decimal(row["paid"]),
            "paid_on": row["paid_on"],
        })
    return found


def month_of(text: str) -> tuple[date, date]:
    """(first day, last day) of a month written YYYY-MM."""
    from .errors import InputError
    from .language import N_

    try:
        first = date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise InputError("--month", N_("{text!r} is not a month (YYYY-MM)"), text=text) from None
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)
