"""The analytics page's charts stay legible: a year of month labels is turned so they do not overlap."""

import re

from analytics.charts import bias_trend_chart, time_to_hire_chart

ROTATED = re.compile(r'transform="rotate\(35 ')


def months(count: int) -> list[dict]:
    return [
        {"month": f"{2025 + (m // 12)}-{m % 12 + 1:02d}-01", "rate": 0.25, "median_days": 30.5, "p90_days": 41.0}
        for m in range(count)
    ]


def test_a_year_of_months_is_drawn_with_turned_labels_and_a_few_months_flat():
    for chart in (bias_trend_chart, time_to_hire_chart):
        assert len(ROTATED.findall(chart(months(12)))) == 12
        assert not ROTATED.search(chart(months(5)))
