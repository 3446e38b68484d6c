"""Prometheus metrics at /metrics (django-prometheus), for the monitoring network only.

django-prometheus counts requests, responses by status, latencies and exceptions per view; the apps
add their own counters (rate-limit refusals, webhook deliveries). The page is served to addresses
in METRICS_ALLOWED_IPS (loopback by default) or to a scraper sending `Authorization: Bearer
<METRICS_TOKEN>`; anyone else gets a 404, as if there were nothing here. With several server
processes, set PROMETHEUS_MULTIPROC_DIR (a directory shared by them) so one scrape sums them all.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404
from django_prometheus.exports import ExportToDjangoView


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        sent = request.META.get("HTTP_AUTHORIZATION", "")
        if sent.startswith("Bearer ") and hmac.compare_digest(sent[len("Bearer ") :].encode(), token.encode()):
            return True
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


def metrics(request):
    if not _allowed(request):
        raise Http404
    return ExportToDjangoView(request)
