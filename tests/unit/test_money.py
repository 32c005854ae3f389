"""Money: exact decimals, one rounding, and allocations that add up to the fen."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import InputError
from ledger.money import allocate, money, parse_amount

fen_amounts = st.integers(min_value=1, max_value=10_000_000_00).map(lambda f: Decimal(f) / 100)


@pytest.mark.parametrize("raw, value", [("120", "120.00"), ("120.5", "120.50"), (" 7.05 ", "7.05")])
def test_amounts_people_type(raw, value):
    assert parse_amount(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["", "12,0", "1e3", "-5", "+5", "NaN", "Infinity", "1.234",
                                 "١٢٠", "12 0", "0x10", "9" * 20])
def test_ambiguous_amounts_are_refused(raw):
    with pytest.raises(InputError):
        parse_amount(raw)


def test_rounding_is_half_up_once():
    assert money(Decimal("0.005")) == Decimal("0.01")
    assert money(Decimal("2.675")) == Decimal("2.68")
    assert money((Decimal("10000.00") - Decimal("100.00")) * Decimal("0.70")) == Decimal("6930.00")


def test_worked_examples_of_pro_rata_payouts():
    assert allocate(Decimal("1000.00"), [Decimal("1000.00"), Decimal("500.00"), Decimal("500.00")]) \
        == [Decimal("500.00"), Decimal("250.00"), Decimal("250.00")]
    assert allocate(Decimal("100.00"), [Decimal("100.00")] * 3) \
        == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


@given(st.lists(fen_amounts, min_size=1, max_size=40), st.integers(min_value=0, max_value=100))
def test_allocation_adds_up_exactly_and_is_fair_to_the_fen(claims, percent):
    whole = sum(claims)
    cash = money(whole * percent / 100)
    shares = allocate(cash, claims)
    assert sum(shares) == min(cash, whole)
    for share, claim in zip(shares, claims):
        exact = claim * cash / whole if cash < whole else claim
        assert abs(share - exact) < Decimal("0.01")
        assert Decimal(0) <= share <= claim
