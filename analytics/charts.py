"""Server-rendered SVG charts for the Analytics page, drawn by pygal from the dashboard metrics.

Every chart prints its values and uses a dashed or dotted line per series, so it reads without
colour; the page shows the same numbers as a table beside each chart. No JavaScript (`js=[]`):
pygal's default tooltips load from a CDN.
"""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from recruiting.choices import source_label

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f2937",
    foreground_strong="#111827",
    foreground_subtle="#6b7280",
    colors=("#4f46e5", "#047857", "#b45309", "#b91c1c"),
    font_family="system-ui, sans-serif",
    value_font_size=12,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
)
DASHES = ("", "6, 4", "2, 4", "10, 4, 2, 4")


def _config(**overrides) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "print_values": True,
        "height": 300,
        "width": 640,
        "legend_at_bottom": True,
        "show_y_guides": True,
        "no_data_text": "No data for this period",
        "truncate_label": -1,  # month labels ("2026-01") must stay whole
        **overrides,
    }


# pygal writes its config into an inline <script> even without its JavaScript; the page's
# Content-Security-Policy (script-src 'self') would block it and log an error, and nothing reads it.
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


def _svg(chart) -> str:
    return _INLINE_SCRIPT.sub("", chart.render(is_unicode=True))


def funnel_chart(rows: list[dict]) -> str:
    chart = pygal.HorizontalBar(**_config(title="Applications that reached each stage", show_legend=False))
    chart.x_labels = [row["name"] for row in reversed(rows)]
    chart.add("Reached", [row["reached"] for row in reversed(rows)])
    return _svg(chart)


# Past this many months side by side, "2026-01" labels run into each other at the chart's width.
MONTHS_LEVEL = 8


def _month_axis(rows: list[dict]) -> dict:
    return {"x_label_rotation": 35} if len(rows) > MONTHS_LEVEL else {}


def time_to_hire_chart(rows: list[dict]) -> str:
    chart = pygal.Line(**_config(title="Days to hire by month of hire", dots_size=4, **_month_axis(rows)))
    chart.x_labels = [row["month"][:7] for row in rows]
    chart.add("Median", [row["median_days"] for row in rows], stroke_style={"dasharray": DASHES[0], "width": 2})
    chart.add("p90", [row["p90_days"] for row in rows], stroke_style={"dasharray": DASHES[1], "width": 2})
    return _svg(chart)


def sources_chart(rows: list[dict]) -> str:
    chart = pygal.Bar(**_config(title="Applications, interviews and hires per source", x_label_rotation=20))
    chart.x_labels = [source_label(row["source"]) for row in rows]
    for label, key in (("Applications", "applications"), ("Interviews", "interviews"), ("Hires", "hires")):
        chart.add(label, [row[key] for row in rows])
    return _svg(chart)


def interviewer_load_chart(rows: list[dict]) -> str:
    chart = pygal.HorizontalBar(**_config(title="Interviews and scorecards per interviewer"))
    chart.x_labels = [row["name"] for row in reversed(rows)]
    chart.add("Interviews", [row["interviews"] for row in reversed(rows)])
    chart.add("Scorecards", [row["scorecards"] for row in reversed(rows)])
    return _svg(chart)


def offer_acceptance_chart(offers: dict) -> str:
    chart = pygal.Bar(**_config(title="Offers made and accepted", show_legend=False))
    chart.x_labels = ["Offers", "Accepted"]
    chart.add("Count", [offers["offers"], offers["accepted"]])
    return _svg(chart)


def bias_trend_chart(rows: list[dict]) -> str:
    chart = pygal.Line(
        **_config(title="Share of scorecards with bias flags (%)", dots_size=4, show_legend=False, **_month_axis(rows))
    )
    chart.x_labels = [row["month"][:7] for row in rows]
    chart.add(
        "Flagged %",
        [None if row["rate"] is None else round(100 * row["rate"], 1) for row in rows],
        stroke_style={"dasharray": DASHES[2], "width": 2},
    )
    return _svg(chart)


def all_charts(metrics: dict) -> dict[str, str]:
    return {
        "funnel": funnel_chart(metrics["funnel"]),
        "time_to_hire": time_to_hire_chart(metrics["time_to_hire_trend"]),
        "sources": sources_chart(metrics["sources"]),
        "interviewer_load": interviewer_load_chart(metrics["interviewer_load"]),
        "offer_acceptance": offer_acceptance_chart(metrics["offer_acceptance"]),
        "bias_trend": bias_trend_chart(metrics["bias_flags"]["by_month"]),
    }
