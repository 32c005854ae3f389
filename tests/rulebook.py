"""The rulebook: the fund's rules as the board reads them, every scenario with its figures, and
whether each held when the feature files last ran, in one self-contained HTML page.

    python -m tests.rulebook --out rulebook.html      # runs the features (SQLite), then writes
    python -m tests.rulebook --out rulebook.html --report cucumber.json   # from a run's report

The features are read with pytest-bdd's own parser, so the page shows exactly what runs; the
results come from pytest-bdd's Cucumber JSON report of the run.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from pytest_bdd.parser import FeatureParser

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"
# The order a board member reads them in: the year and its money first, the auditors last.
ORDER = ("rules", "enrollment", "contributions", "claims", "deductibles", "payouts", "changes",
         "appeals", "books", "closing", "bank", "import", "audit")
HELD, FAILED, NOT_RUN = "held", "did not hold", "not run"


def features() -> list:
    files = sorted(FEATURES.glob("*.feature"),
                   key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else len(ORDER), p.stem))
    return [FeatureParser(str(FEATURES), f.name).parse() for f in files]


def run(report: Path) -> int:
    """Run the feature files on SQLite, writing pytest-bdd's Cucumber JSON report."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "tests/steps/test_features.py", "-k", "sqlite", f"--cucumberjson={report}"],
        cwd=ROOT).returncode


def results(report: Path | None) -> dict[tuple[str, int], str]:
    """(feature file, scenario line) -> held, did not hold: every example of an outline."""
    if report is None or not report.exists():
        return {}
    found: dict[tuple[str, int], str] = {}
    for feature in json.loads(report.read_text(encoding="utf-8")):
        for element in feature.get("elements", []):
            statuses = {s.get("result", {}).get("status") for s in element.get("steps", [])}
            outcome = FAILED if statuses - {"passed"} else HELD
            key = (Path(feature["uri"]).name, element["line"])
            if found.get(key) != FAILED:
                found[key] = outcome
    return found


def _e(text: object) -> str:
    return html.escape(str(text))


def _steps(steps) -> str:
    out = ["<ol class=steps>"]
    for step in steps:
        out.append(f"<li><b>{_e(step.keyword.strip())}</b> {_e(step.name)}")
        if step.datatable is not None:
            rows = [[cell.value for cell in row.cells] for row in step.datatable.rows]
            out.append(_table(rows[0], rows[1:]))
        out.append("</li>")
    out.append("</ol>")
    return "".join(out)


def _table(header, rows) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(found: dict[tuple[str, int], str], ran: str) -> str:
    parsed = features()
    outcomes = {}
    for feature in parsed:
        for scenario in feature.scenarios.values():
            outcomes[(Path(feature.filename).name, scenario.line_number)] = found.get(
                (Path(feature.filename).name, scenario.line_number), NOT_RUN)
    counts = {k: list(outcomes.values()).count(k) for k in (HELD, FAILED, NOT_RUN)}
    toc = "".join(f"<li><a href='#{Path(f.filename).stem}'>{_e(f.name)}</a></li>" for f in parsed)
    body = []
    for feature in parsed:
        name = Path(feature.filename).name
        body.append(f"<section id='{Path(feature.filename).stem}'><h2>{_e(feature.name)}</h2>")
        body.append(f"<p class=about>{_e(feature.description)}</p>")
        if feature.background is not None:
            body.append("<h4>Background</h4>" + _steps(feature.background.steps))
        rule = object()
        for scenario in feature.scenarios.values():
            if scenario.rule is not rule:
                rule = scenario.rule
                if rule is not None:
                    body.append(f"<h3>Rule: {_e(rule.name)}</h3>")
            outcome = outcomes[(name, scenario.line_number)]
            cls = {HELD: "held", FAILED: "failed"}.get(outcome, "notrun")
            body.append(f"<article><h4>{_e(scenario.name)} <span class='{cls}'>{outcome}</span>"
                        f"</h4>{_steps(scenario._steps)}")
            for examples in scenario.examples:
                title = f"Examples: {examples.name}" if examples.name else "Examples"
                body.append(f"<h5>{_e(title)}</h5>"
                            + _table(examples.example_params, examples.examples))
            body.append("</article>")
        body.append("</section>")
    return f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>Fundbook: the fund's rules</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       color: #1b1b1b; }}
h2 {{ border-bottom: 2px solid #2b5d8a; padding-bottom: .2em; margin-top: 2.5em; }}
h3 {{ color: #2b5d8a; margin-top: 1.6em; }}
.about {{ white-space: pre-line; color: #444; }}
article {{ border-left: 3px solid #ddd; padding-left: 1em; margin: 1em 0; }}
ol.steps {{ list-style: none; padding-left: 0; }} ol.steps li {{ margin: .15em 0; }}
table {{ border-collapse: collapse; margin: .4em 0 .8em; }}
th, td {{ border: 1px solid #ccc; padding: .15em .6em; text-align: left; }}
th {{ background: #f2f5f8; }}
span {{ font-size: .75em; padding: .1em .5em; border-radius: .6em; margin-left: .5em; }}
.held {{ background: #dff3e4; color: #17612b; }} .failed {{ background: #fbe2e2; color: #8a1c1c; }}
.notrun {{ background: #eee; color: #555; }}
</style></head><body>
<h1>Fundbook: the fund's rules</h1>
<p>Every rule of the fund with its worked figures, as the feature files state it and the test
suite runs it. {_e(ran)}: {counts[HELD]} scenarios held, {counts[FAILED]} did not hold,
{counts[NOT_RUN]} not run.</p>
<ol>{toc}</ol>
{''.join(body)}
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="The HTML file to write.")
    parser.add_argument("--report", help="A Cucumber JSON report of a run (default: run now).")
    parser.add_argument("--no-run", action="store_true", help="Render without running.")
    args = parser.parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if args.report:
        found, ran = results(Path(args.report)), f"Results of the report {args.report}"
    elif args.no_run:
        found, ran = {}, "Not run"
    else:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "cucumber.json"
            run(report)
            found, ran = results(report), f"Run on {stamp}"
    Path(args.out).write_text(render(found, ran), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
