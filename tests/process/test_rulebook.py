"""The rendered rulebook (`python -m tests.rulebook`): opened in a real browser (Debian's
Chromium, headless), every feature and scenario title is on the page, with whether it held."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.rulebook import features  # noqa: E402
from shell import chromium  # noqa: E402


def test_every_feature_and_scenario_is_on_the_rendered_page_with_its_result(tmp_path):
    parsed = features()
    claims = next(f for f in parsed if Path(f.filename).name == "claims.feature")
    failing = next(iter(claims.scenarios.values()))
    # A run's report in pytest-bdd's Cucumber JSON: one scenario failed, the rest held.
    report = [{"uri": f"features/{Path(f.filename).name}", "elements": [
        {"line": s.line_number, "steps": [{"result": {
            "status": "failed" if s is failing else "passed"}}]}
        for s in f.scenarios.values()]} for f in parsed]
    (tmp_path / "report.json").write_text(json.dumps(report))
    page = tmp_path / "rulebook.html"
    made = subprocess.run([sys.executable, "-m", "tests.rulebook", "--out", str(page),
                           "--report", str(tmp_path / "report.json")], cwd=ROOT,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    dom = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    shown = html.unescape(dom)
    assert len(parsed) >= 12
    for feature in parsed:
        assert feature.name in shown, feature.name
        for scenario in feature.scenarios.values():
            assert scenario.name in shown, scenario.name
    held = sum(len(f.scenarios) for f in parsed) - 1
    assert f"{held} scenarios held, 1 did not hold, 0 not run" in " ".join(shown.split())
    assert shown.count("did not hold</span>") == 1


def test_the_rulebook_in_chinese_is_told_from_the_same_features(tmp_path):
    """The Chinese page is the English features told line by line from the catalogue: every
    feature and scenario is there under its Chinese title, with the same figures, and no
    scenario title is left in English."""
    from tests.rulebook import Lines

    page = tmp_path / "规则手册.html"
    made = subprocess.run([sys.executable, "-m", "tests.rulebook", "--out", str(page),
                           "--no-run", "--lang", "zh"], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    dom = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    shown = html.unescape(dom)
    lines = Lines("zh")
    parsed = features()
    for feature in parsed:
        title = lines.title(feature.keyword, feature.name)
        assert title != feature.name and title in shown, feature.name
        for scenario in feature.scenarios.values():
            raw = lines.raw(feature.filename, scenario.line_number)
            told = lines.text(raw)
            assert told != raw, raw
            assert told.split("：", 1)[-1].strip() in shown, raw
            assert scenario.name not in shown, scenario.name
    assert "6930.00" in shown and "假如" in shown and "那么" in shown
    assert "<html lang=\"zh-CN\">" in dom or "lang=\"zh-CN\"" in dom
