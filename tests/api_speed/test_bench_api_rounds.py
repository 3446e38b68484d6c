"""bench_api measures each list beside the floor in paired rounds, so a floor that drifts between minutes
(358 to 655 requests/s on the shared machine) moves both sides of a ratio instead of one."""

from __future__ import annotations

import pytest

from benchmarks import bench_api


def window(rate: float, latencies: list[float], errors: int = 0) -> dict:
    return {"rate": rate, "latencies": latencies, "errors": errors}


def test_each_round_measures_the_floor_and_the_list_back_to_back_alternating_which_goes_first(monkeypatch):
    monkeypatch.setattr(bench_api, "ROUNDS", 3)
    sent = []

    def load(path, credential):
        sent.append((path, credential))
        return window(len(sent), [1.0])

    floors, measured = bench_api.measure_in_rounds(load, "/api/ats/candidates?page_size=50", "key")

    floor, listed = (bench_api.FLOOR_PATH, "jwt"), ("/api/ats/candidates?page_size=50", "key")
    assert sent == [floor, listed, listed, floor, floor, listed]
    assert [w["rate"] for w in floors] == [1, 4, 5]
    assert [w["rate"] for w in measured] == [2, 3, 6]


def test_a_ratio_divides_each_round_by_its_own_floor_and_reports_the_median_and_the_spread():
    # The floor drifts from 400 to 640 requests/s; the list keeps about half of it in every round.
    floors = [window(400.0, [2.0]), window(640.0, [1.5]), window(500.0, [1.8])]
    measured = [window(200.0, [9.0]), window(336.0, [8.0]), window(255.0, [10.0])]

    ratio = bench_api.paired_ratio(floors, measured)

    assert ratio == {"median": pytest.approx(0.51), "low": pytest.approx(0.5), "high": pytest.approx(0.525)}


def test_a_row_pools_the_requests_of_all_its_rounds_for_its_percentiles():
    quiet = window(300.0, [5.0] * 99)
    slow = window(250.0, [5.0] * 95 + [140.0, 150.0, 160.0, 170.0, 180.0], errors=1)
    middle = window(280.0, [6.0] * 100)

    figures = bench_api.pooled([quiet, slow, middle])

    assert figures["rate"] == 280.0
    assert figures["p50"] == 5.0
    assert figures["p99"] == 150.0  # one round's tail of 5 requests is over 1% of the 299 pooled
    assert figures["errors"] == 1
