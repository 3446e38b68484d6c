"""Prometheus metrics of webhook delivery (served at /metrics, config/metrics.py)."""

from prometheus_client import Counter, Histogram

WEBHOOK_ATTEMPTS = Counter(
    "recruiter_webhook_delivery_attempts_total",
    "Webhook delivery attempts, by the delivery's status after the attempt (success, retrying, failed).",
    ["status"],
)
WEBHOOK_ATTEMPT_SECONDS = Histogram(
    "recruiter_webhook_delivery_attempt_seconds",
    "Time from sending a webhook delivery to its answer (or its failure).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
