"""The rules file: the published one reads back exactly; every mistake names its key."""

from datetime import date
from decimal import Decimal

import pytest

from conftest import PUBLISHED_RULES
from ledger.coverage import amount_due, covered_from
from ledger.errors import RuleViolation
from ledger.rules import RulesFileError, YearRules, parse_rules_text


def test_the_published_rules_read_as_written():
    r = parse_rules_text(PUBLISHED_RULES)
    assert r.year == "2026-2027" and r.currency == "CNY"
    assert r.amount == Decimal("120.00") and r.bands[0].amount == Decimal("140.00")
    assert r.inpatient_deductible == {1: Decimal("100.00"), 2: Decimal("100.00"), 3: Decimal("100.00")}
    assert r.ratios["inpatient"][3] == Decimal("0.70")
    assert r.packages["ALL"].limited_cost == Decimal("80000.00")
    assert r.max_age == 18


def test_stored_rules_rebuild_identically():
    r = parse_rules_text(PUBLISHED_RULES)
    again = YearRules.from_dict(r.to_dict())
    assert again == r and again.fingerprint == r.fingerprint


def test_deductible_by_hospital_level():
    text = PUBLISHED_RULES.replace(
        'inpatient_deductible = "100.00"',
        'inpatient_deductible = { 1 = "50.00", 2 = "100.00", 3 = "300.00" }',
    )
    assert parse_rules_text(text).inpatient_deductible[3] == Decimal("300.00")


def test_every_problem_is_reported_at_once():
    text = (PUBLISHED_RULES.replace('amount = "120.00"', 'amount = 120.5')
            .replace('assistance_ratio = "0.20"', 'assistance_ratio = "2"')
            .replace("late_waiting_days = 90", "late_waiting_days = -1"))
    with pytest.raises(RulesFileError) as e:
        parse_rules_text(text)
    keys = [k for k, _ in e.value.problems]
    assert keys == ["enrollment.late_waiting_days", "contribution.amount", "claims.assistance_ratio"]


def test_a_missing_section_is_named():
    text = PUBLISHED_RULES.replace("[enrollment]", "[enrolment]")
    with pytest.raises(RulesFileError) as e:
        parse_rules_text(text)
    assert ("enrollment", "missing section") in e.value.problems


def test_cover_and_amount_are_pure_functions_of_the_rules():
    r = parse_rules_text(PUBLISHED_RULES)
    assert amount_due(r, date(2021, 9, 1)) == Decimal("140.00")
    assert covered_from(r, date(2015, 1, 1), date(2026, 12, 1)) == date(2027, 3, 1)
    with pytest.raises(RuleViolation):
        covered_from(r, date(2027, 1, 1), date(2026, 12, 1))  # not yet born
