"""The feature files are the board's copy of the rules: no programmer's words in them (event
class names, snake_case names, the read side's vocabulary). The step definitions translate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FEATURES = sorted((Path(__file__).resolve().parents[2] / "features").glob("*.feature"))
PROGRAMMERS_WORDS = {
    "an event class name": re.compile(r"\b[A-Z][a-z]+\.[A-Z][A-Za-z]+\b"),
    "a snake_case name": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "projection": re.compile(r"\bprojections?\b", re.I),
    "read model": re.compile(r"\bread models?\b", re.I),
    "replay": re.compile(r"\breplay", re.I),
    "link": re.compile(r"\blinks?\b", re.I),
    "aggregate": re.compile(r"\baggregates?\b", re.I),
}
# A rules file's own keys are the board's words too: they are what it publishes.
RULES_KEYS = re.compile(r"\b(window_closes|window_opens|annual_cap|anual_cap|deadline_days|"
                        r"late_waiting_days|newborn_grace_days|max_age|hardship_categories|"
                        r"inpatient_deductible|assistance_ratio|appeal_days|limited_cost)\b")


@pytest.mark.parametrize("feature", FEATURES, ids=lambda p: p.name)
def test_no_programmers_words_in_the_rulebook(feature):
    found = []
    for number, line in enumerate(feature.read_text(encoding="utf-8").splitlines(), 1):
        text = RULES_KEYS.sub("", line)
        for what, pattern in PROGRAMMERS_WORDS.items():
            for word in pattern.findall(text):
                found.append(f"{feature.name} line {number}: {what} ({word!r})")
    assert not found, "\n".join(found)


def test_the_check_catches_each_kind_of_word(tmp_path):
    """Each pattern finds what it is for (a check that cannot fail proves nothing)."""
    samples = {"an event class name": "the history shows Claim.Approved",
               "a snake_case name": "debited to contribution_income",
               "projection": "every projection", "read model": "the read models",
               "replay": "a full replay", "link": "every link",
               "aggregate": "the aggregate"}
    for what, text in samples.items():
        assert PROGRAMMERS_WORDS[what].search(text), what
    assert not any(p.search("the fund pays 630.00 to the family of M1")
                   for p in PROGRAMMERS_WORDS.values())
