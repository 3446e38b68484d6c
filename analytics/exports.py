"""Candidate and report exports as streams: rows leave the database in chunks, never as one list."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from recruiting.errors import ForbiddenError
from recruiting.models import Candidate
from recruiting.signed_links import read_link, sign_link

# Stable column order: partners and spreadsheets rely on it, so new columns only ever go last.
CANDIDATE_COLUMNS = [
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "location",
    "experience_years",
    "seniority",
    "skills",
    "source",
    "external_id",
    "linkedin_url",
    "created_at",
    "updated_at",
]
CHUNK_ROWS = 2000
FORMATS = ["csv", "json", "xlsx"]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def candidate_rows(candidates: QuerySet[Candidate]) -> Iterator[tuple]:
    """Each candidate as a tuple in CANDIDATE_COLUMNS order, read in chunks with a server-side cursor."""
    for row in candidates.order_by("id").values_list(*CANDIDATE_COLUMNS).iterator(chunk_size=CHUNK_ROWS):
        yield tuple(_cell(value) for value in row)


def _cell(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else value


def csv_stream(columns: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    batch = []
    for row in rows:
        batch.append(writer.writerow(row))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_stream(columns: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    yield "["
    separator = ""
    for row in rows:
        yield separator + json.dumps(dict(zip(columns, row, strict=True)), cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ","
    yield "]"


def xlsx_file(columns: list[str], rows: Iterable[tuple]):
    """An open temporary .xlsx file, written row by row by openpyxl's write-only mode (constant memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Candidates")
    sheet.append(columns)
    for row in rows:
        sheet.append(list(row))
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def report_rows(metrics: dict) -> Iterator[tuple]:
    """The dashboard metrics flattened to (section, label, measure, value) rows for a CSV report."""
    for name, value in metrics.items():
        if isinstance(value, dict):
            yield from _flatten(name, "", value)
        elif isinstance(value, list):
            for item in value:
                label = next((str(v) for v in item.values() if isinstance(v, str)), "")
                yield from _flatten(name, label, item)
        else:
            yield (name, "", name, value)


def _flatten(section: str, label: str, values: dict) -> Iterator[tuple]:
    for measure, value in values.items():
        if isinstance(value, (dict, list)):
            continue
        if isinstance(value, str) and value == label:
            continue
        yield (section, label, measure, "" if value is None else value)


REPORT_COLUMNS = ["section", "label", "measure", "value"]


# --- Signed download links ----------------------------------------------------------------------
# A partner that wants a URL rather than the bytes (BHIV reads `export_info["export_url"]`) gets a
# link that carries what to export, for whom and until when; the rows are read when it is fetched.
EXPORT_LINK_SALT = "analytics.exports.signed-link"
EXPORT_KINDS = ("candidates", "report")


@dataclass(frozen=True)
class ExportGrant:
    """What a valid export link allows: one export of one organization, as asked by one caller."""

    kind: str
    organization_id: int
    user_id: int | None
    api_key_id: int | None
    export_format: str
    params: dict[str, str]


def sign_export_link(
    *,
    kind: str,
    organization_id: int,
    export_format: str,
    params: dict[str, str],
    user_id: int | None = None,
    api_key_id: int | None = None,
) -> tuple[str, datetime]:
    """The signature for an export link and the moment it expires."""
    payload = {"k": kind, "o": organization_id, "f": export_format, "q": params, "u": user_id, "a": api_key_id}
    return sign_link(payload, salt=EXPORT_LINK_SALT, seconds=settings.ANALYTICS_EXPORT_LINK_SECONDS)


def read_export_grant(signature: str) -> ExportGrant:
    """The grant of an intact, unexpired export link; ForbiddenError (403) otherwise."""
    payload = read_link(signature, salt=EXPORT_LINK_SALT)
    if payload.get("k") not in EXPORT_KINDS or not isinstance(payload.get("q"), dict):
        raise ForbiddenError("The signed URL is invalid or was altered.", code="INVALID_SIGNATURE")
    return ExportGrant(
        kind=payload["k"],
        organization_id=payload["o"],
        user_id=payload.get("u"),
        api_key_id=payload.get("a"),
        export_format=payload.get("f") or "csv",
        params=payload["q"],
    )
