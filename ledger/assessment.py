"""How much the fund pays on a claim (SPEC §3 "Claims"): pure functions of the year's rules.

Ordinary claim: base = max(0, in_scope - other_paid); payout = (base - deductible) x ratio,
not below 0; the deductible applies to inpatient claims only. Package claim (the diagnosis is
a package code): base = min(max(0, in_scope - other_paid), limited_cost); payout = base x
package ratio; no deductible. The payout is then cut to the cap left for the child that year.
A hardship child's medical assistance = min(base x assistance_ratio, base - payout).
Each amount is rounded half up once, at the end of its formula.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from .language import N_
from .money import ZERO, money
from .rules import YearRules

# Why a claim is rejected. The first four are found by the fund's rules at submission; the
# others are an assessor's decision.
REASONS: dict[str, str] = {
    "NOT_ENROLLED": N_("the child is not enrolled in the plan year of the admission"),
    "NOT_COVERED": N_("the admission is before the child's cover began"),
    "LATE_SUBMISSION": N_("submitted after the claim deadline following discharge"),
    "DUPLICATE_BILL": N_("the hospital bill is already on another claim"),
    "NOT_IN_CATALOGUE": N_("the treatment is outside the medical-insurance catalogue"),
    "NOT_MEDICALLY_NECESSARY": N_("the treatment was not medically necessary"),
    "INCOMPLETE_DOCUMENTS": N_("the bill, discharge summary or receipts are missing"),
    "SUSPECTED_FRAUD": N_("the documents do not match the hospital's record"),
    "OTHER": N_("another reason, explained to the family in writing"),
}
AUTOMATIC_REASONS = ("NOT_ENROLLED", "NOT_COVERED", "LATE_SUBMISSION", "DUPLICATE_BILL")


@dataclass(frozen=True)
class Assessment:
    """A claim's whole breakdown, recorded so that any auditor can recompute it."""

    kind: str  # ordinary | package
    package: str | None
    base: Decimal
    deductible: Decimal
    ratio: Decimal
    computed: Decimal  # the payout before the cap
    cap_left: Decimal
    cap_applied: bool
    payout: Decimal
    assistance_ratio: Decimal
    assistance: Decimal
    rules_version: int
    rules_fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Assessment":
        numbers = {"base", "deductible", "ratio", "computed", "cap_left", "payout",
                   "assistance_ratio", "assistance"}
        return cls(**{k: (Decimal(v) if k in numbers else v) for k, v in data.items()})


def package_of(rules: YearRules, diagnosis: str | None) -> Any:
    """The disease package a diagnosis names, its code matched without regard to case (as
    every code is): `all` is the ALL package, not an ordinary claim."""
    if not diagnosis:
        return None
    folded = diagnosis.strip().casefold()
    return next((p for code, p in rules.packages.items() if code.casefold() == folded), None)


def assess(
    rules: YearRules,
    rules_version: int,
    claim_type: str,
    level: int,
    in_scope: Decimal,
    other_paid: Decimal,
    diagnosis: str | None,
    cap_left: Decimal,
    hardship: bool,
) -> Assessment:
    package = package_of(rules, diagnosis)
    uncovered = max(ZERO, in_scope - other_paid)
    if package is not None:
        base = money(min(uncovered, package.limited_cost))
        deductible = ZERO
        ratio = package.ratio
        computed = money(base * ratio)
    else:
        base = money(uncovered)
        deductible = rules.inpatient_deductible[level] if claim_type == "inpatient" else ZERO
        ratio = rules.ratios[claim_type][level]
        computed = money(max(ZERO, (base - deductible) * ratio))
    cap_left = max(ZERO, cap_left)
    payout = min(computed, cap_left)
    assistance_ratio = rules.assistance_ratio if hardship else ZERO
    assistance = money(min(base * assistance_ratio, base - payout)) if hardship else ZERO
    return Assessment(
        kind="package" if package else "ordinary",
        package=package.code if package else None,
        base=base,
        deductible=deductible,
        ratio=ratio,
        computed=computed,
        cap_left=cap_left,
        cap_applied=payout < computed,
        payout=payout,
        assistance_ratio=assistance_ratio,
        assistance=max(ZERO, assistance),
        rules_version=rules_version,
        rules_fingerprint=rules.fingerprint,
    )
