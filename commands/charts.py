"""The annual report's chart: monthly cash in and out, and the cash balance, as a PNG."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def cash_chart(report: dict[str, Any], path: str, currency: str = "CNY") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    months = [m["month"] for m in report["cash_by_month"]]
    cash_in = [float(m["in"]) for m in report["cash_by_month"]]  # plotting only, never the ledger
    cash_out = [-float(m["out"]) for m in report["cash_by_month"]]
    balance = [float(m["balance"]) for m in report["cash_by_month"]]
    fig, ax = plt.subplots(figsize=(10, 6.2), dpi=120)
    x = range(len(months))
    ax.bar(x, cash_in, color="#2e7d32",
           label="Money in (contributions, subsidies, donations, medical assistance)")
    ax.bar(x, cash_out, color="#c62828", label="Money out (payouts to families)")
    ax.plot(x, balance, color="#1a237e", marker="o", linewidth=2, label="Cash at month end")
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks(list(x), [datetime.strptime(m, "%Y-%m").strftime("%b\n%Y") for m in months])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(currency)
    ax.set_title(f"Plan year {report['year']}: cash in and out by month")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=9, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    ratio = report["loss_ratio_percent"]
    note = (f"Benefits {report['benefits']['total']:,.2f} {currency} on "
            f"{report['claims']['approved']} claims; loss ratio "
            f"{f'{ratio:.2f} %' if ratio is not None else 'n/a'}; reserve {report['reserve']:,.2f}")
    fig.text(0.01, 0.01, note, fontsize=9, color="#333333")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(path, format="png")
    plt.close(fig)
