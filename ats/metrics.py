"""Prometheus counters of the partner API (served at /metrics, config/metrics.py)."""

from prometheus_client import Counter

RATE_LIMITED = Counter(
    "recruiter_rate_limited_requests_total",
    "API requests refused with a 429, by the window that was full.",
    ["window"],
)
