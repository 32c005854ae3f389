"""The rulebook: the fund's rules as the board reads them, every scenario with its figures, and
whether each held when the feature files last ran, in one self-contained HTML page.

    python -m tests.rulebook --out rulebook.html      # runs the features (SQLite), then writes
    python -m tests.rulebook --out rulebook.html --report cucumber.json   # from a run's report
    python -m tests.rulebook --out 规则手册.html --lang zh                  # in Chinese

The features are read with pytest-bdd's own parser, so the page shows exactly what runs; the
results come from pytest-bdd's Cucumber JSON report of the run.

In Chinese, every line of a feature file is told from the catalogue `rulebook`
(ledger/locale/zh_CN/LC_MESSAGES/rulebook.po), line for line, as it is written in English:
the English files stay the one source that runs, and the catalogue check of the test suite
fails on any line without its translation, so the Chinese book cannot drift from the rules
that run.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ledger.language import N_, RULEBOOK_DOMAIN, Translator  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"
# The order a board member reads them in: the year and its money first, the auditors last.
ORDER = ("rules", "enrollment", "contributions", "claims", "deductibles", "payouts", "changes",
         "appeals", "books", "closing", "bank", "import", "operators", "board", "faults", "audit")
HELD, FAILED, NOT_RUN = "held", "did not hold", "not run"
OUTCOMES = {HELD: N_("held"), FAILED: N_("did not hold"), NOT_RUN: N_("not run")}


class Lines:
    """The features' lines in the reader's language: each line of a file is a msgid of the
    catalogue `rulebook` as written (keyword included), so a translated step keeps its own
    word order; figures, codes and table cells are the same in both."""

    def __init__(self, lang: str):
        self.t = Translator(lang, RULEBOOK_DOMAIN)
        self.chinese = lang == "zh"
        self._files: dict[str, list[str]] = {}

    def raw(self, filename: str, number: int) -> str:
        lines = self._files.get(filename)
        if lines is None:
            lines = self._files[filename] = Path(filename).read_text(
                encoding="utf-8").splitlines()
        return lines[number - 1].strip()

    def text(self, line: str) -> str:
        return self.t.gettext(line) if self.chinese else line

    def title(self, keyword: str, name: str) -> str:
        """A title without its keyword: `Scenario: X` told, then `X` kept."""
        told = self.text(f"{keyword}: {name}")
        for colon in ("：", ":"):
            if colon in told:
                return told.split(colon, 1)[1].strip()
        return told

    def step(self, filename: str, step) -> tuple[str, str]:
        """(keyword, the rest) of a step as the file writes it, told."""
        if not self.chinese:
            return step.keyword.strip(), step.name
        keyword, _, rest = self.text(self.raw(filename, step.line_number)).partition(" ")
        return keyword, rest.strip()

    def description(self, text: str) -> str:
        """The description's lines told one by one; in Chinese a paragraph's lines run on
        (Chinese needs no space where an English line broke)."""
        told = [self.text(line.strip()) if line.strip() else "" for line in text.splitlines()]
        if not self.chinese:
            return "\n".join(told)
        return "\n\n".join("".join(p.split("\n")) for p in "\n".join(told).split("\n\n"))


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


def _steps(steps, lines: Lines, filename: str) -> str:
    out = ["<ol class=steps>"]
    for step in steps:
        keyword, text = lines.step(filename, step)
        out.append(f"<li><b>{_e(keyword)}</b> {_e(text)}")
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


def render(found: dict[tuple[str, int], str], ran: str, lang: str = "en") -> str:
    lines = Lines(lang)
    t = Translator(lang)
    parsed = features()
    outcomes = {}
    for feature in parsed:
        for scenario in feature.scenarios.values():
            outcomes[(Path(feature.filename).name, scenario.line_number)] = found.get(
                (Path(feature.filename).name, scenario.line_number), NOT_RUN)
    counts = {k: list(outcomes.values()).count(k) for k in (HELD, FAILED, NOT_RUN)}
    toc = "".join(f"<li><a href='#{Path(f.filename).stem}'>"
                  f"{_e(lines.title(f.keyword, f.name))}</a></li>" for f in parsed)
    body = []
    for feature in parsed:
        name = Path(feature.filename).name
        body.append(f"<section id='{Path(feature.filename).stem}'>"
                    f"<h2>{_e(lines.title(feature.keyword, feature.name))}</h2>")
        body.append(f"<p class=about>{_e(lines.description(feature.description))}</p>")
        if feature.background is not None:
            body.append(f"<h4>{_e(t(N_('Background')))}</h4>"
                        + _steps(feature.background.steps, lines, feature.filename))
        rule = object()
        for scenario in feature.scenarios.values():
            if scenario.rule is not rule:
                rule = scenario.rule
                if rule is not None:
                    body.append(f"<h3>{_e(t(N_('Rule: {rule}'), rule=lines.title(rule.keyword, rule.name)))}</h3>")
            outcome = outcomes[(name, scenario.line_number)]
            cls = {HELD: "held", FAILED: "failed"}.get(outcome, "notrun")
            title = lines.title(*_keyword(lines.raw(feature.filename, scenario.line_number)))
            body.append(f"<article><h4>{_e(title)} <span class='{cls}'>"
                        f"{_e(t(OUTCOMES[outcome]))}</span></h4>"
                        f"{_steps(scenario._steps, lines, feature.filename)}")
            for examples in scenario.examples:
                title = (t(N_("Examples: {name}"), name=lines.title("Examples", examples.name))
                         if examples.name else t(N_("Examples")))
                body.append(f"<h5>{_e(title)}</h5>"
                            + _table(examples.example_params, examples.examples))
            body.append("</article>")
        body.append("</section>")
    heading = t(N_("Fundbook: the fund's rules"))
    about = t(N_("Every rule of the fund with its worked figures, as the feature files state "
                 "it and the test suite runs it. {ran}: {held} scenarios held, {failed} did not "
                 "hold, {not_run} not run."), ran=ran, held=counts[HELD],
              failed=counts[FAILED], not_run=counts[NOT_RUN])
    return f"""<!doctype html>
<html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8><title>{_e(heading)}</title>
<style>
body {{ font: 15px/1.45 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }}
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
<h1>{_e(heading)}</h1>
<p>{_e(about)}</p>
<ol>{toc}</ol>
{''.join(body)}
</body></html>
"""


def _keyword(line: str) -> tuple[str, str]:
    keyword, _, name = line.partition(":")
    return keyword.strip(), name.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="The HTML file to write.")
    parser.add_argument("--report", help="A Cucumber JSON report of a run (default: run now).")
    parser.add_argument("--no-run", action="store_true", help="Render without running.")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="The language of the page (zh: from the rulebook catalogue).")
    args = parser.parse_args(argv)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t = Translator(args.lang)
    if args.report:
        found = results(Path(args.report))
        ran = t(N_("Results of the report {report}"), report=args.report)
    elif args.no_run:
        found, ran = {}, t(N_("Not run"))
    else:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "cucumber.json"
            run(report)
            found, ran = results(report), t(N_("Run on {stamp}"), stamp=stamp)
    Path(args.out).write_text(render(found, ran, args.lang), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
