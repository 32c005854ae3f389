"""The board's papers: one self-contained HTML file each (the chart inside, no network), in
the reader's language, for `report year --html` and `report years --html`."""

from __future__ import annotations

import base64
import html
import tempfile
from pathlib import Path
from typing import Any, Iterable

from ledger.language import Word, _, current

from .render import plain

STYLE = """
body { font: 15px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; max-width: 62em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }
h1 { border-bottom: 2px solid #2b5d8a; padding-bottom: .2em; }
h2 { color: #2b5d8a; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ccc; padding: .2em .7em; }
th { background: #f2f5f8; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.method { color: #333; }
img { max-width: 100%; border: 1px solid #ddd; }
.foot { color: #666; font-size: .85em; margin-top: 2em; }
"""


def _e(value: Any) -> str:
    if isinstance(value, Word):
        value = current().word(value)
    return html.escape("" if value is None else str(plain(value)))


def table(head: Iterable[Any], rows: Iterable[Iterable[Any]], numeric_from: int = 1) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(
            f"<td class=n>{_e(c)}</td>" if i >= numeric_from else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def embedded(draw) -> str:
    """A chart drawn by `draw(path)`, as an <img> whose picture is inside the page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.png"
        draw(str(path))
        data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="" src="data:image/png;base64,{data}">'


def page(title: str, body: list[str]) -> str:
    lang = "zh-CN" if current().chinese else "en"
    return (f"<!doctype html><html lang={lang}><head><meta charset=utf-8>"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{''.join(body)}"
            f"<p class=foot>{html.escape(_('Written by fund from the record of the fund.'))}</p>"
            "</body></html>\n")


def years_paper(found: dict[str, Any], doc: dict[str, Any], said: list[str]) -> str:
    """`said`: the method and the figures, as the terminal says them."""
    from .charts import years_chart

    years = found["years"]
    rows = []
    for label, key in ((_("Children covered"), "children"), (_("  paying"), "paying"),
                       (_("  hardship"), "hardship"), (_("Contributions"), "contributions"),
                       (_("Subsidies"), "subsidies"), (_("Donations"), "donations"),
                       (_("Benefits"), "benefits"), (_("Loss ratio (%)"), "loss_ratio_percent"),
                       (_("Claims per 1,000 children"), "claims_per_1000"),
                       (_("Average payout"), "average_payout"),
                       (_("Largest payout"), "largest_payout"),
                       (_("Reserve after closing"), "reserve_after_close")):
        rows.append([label, *[y[key] for y in doc["years"]]])
    heads = ["", *[y.year + ("" if y.ended else " *") for y in years]]
    body = [f"<h2>{html.escape(_('Plan years side by side'))}</h2>", table(heads, rows),
            f"<p>{html.escape(_('* still running: shown, not used'))}</p>",
            f"<h2>{html.escape(_('Next year'))}</h2>",
            *[f"<p class=method>{html.escape(line)}</p>" for line in said],
            embedded(lambda path: years_chart(found, path))]
    return page(_("The board's paper: plan years and next year's contribution"), body)


def annual_paper(doc: dict[str, Any], currency: str) -> str:
    from .charts import cash_chart

    c, i, b, k = doc["children"], doc["income"], doc["benefits"], doc["claims"]
    ratio = doc["loss_ratio_percent"]
    summary = [
        (_("Children covered"), c["covered"]), (_("  paying"), c["paying"]),
        (_("  hardship"), c["hardship"]), (_("Contributions"), i["contributions"]),
        (_("Subsidies"), i["subsidies"]), (_("Donations"), i["donations"]),
        (_("Income"), i["total"]), (_("Benefits"), b["total"]),
        (_("Medical assistance approved"), doc["assistance"]),
        (_("Loss ratio (%)"), ratio if ratio is not None else "—"),
        (_("Reserve"), doc["reserve"]), (_("Claims approved"), k["approved"]),
        (_("Claims rejected"), k["rejected"]), (_("Average payout"), k["average_payout"]),
        (_("Largest payout"), k["largest_payout"])]
    body = [f"<h2>{html.escape(_('The year in figures'))}</h2>",
            table(["", _("Amount")], summary),
            f"<h2>{html.escape(_('Benefits by claim type'))}</h2>",
            table([_("Claim type"), _("Benefits")],
                  [(Word(t), v) for t, v in b["by_type"].items()]),
            f"<h2>{html.escape(_('Benefits by hospital level'))}</h2>",
            table([_("Level"), _("Benefits")], b["by_level"].items()),
            f"<h2>{html.escape(_('Cash by month'))}</h2>",
            table([_("Month"), _("In"), _("Out"), _("Balance")],
                  [(m["month"], m["in"], m["out"], m["balance"])
                   for m in doc["cash_by_month"]]),
            embedded(lambda path: cash_chart(doc, path, currency))]
    return page(_("Annual report of plan year {year}", year=doc["year"]), body)
