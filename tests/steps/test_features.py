"""The feature files of features/, run as tests against real stores (SQLite and PostgreSQL)."""

import pytest
from pytest_bdd import scenarios


@pytest.fixture(autouse=True)
def _store(fund):
    """Every scenario runs on a fresh store of each kind."""
    return fund


scenarios("rules.feature", "enrollment.feature", "contributions.feature", "books.feature",
          "claims.feature", "payouts.feature", "audit.feature", "closing.feature",
          "import.feature", "changes.feature", "appeals.feature",
          "bank.feature", "deductibles.feature", "operators.feature", "board.feature", "faults.feature")
