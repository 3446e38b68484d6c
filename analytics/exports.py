"""Candidate and report exports as streams: rows leave the database in chunks, never as one list."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from recruiting.models import Candidate

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
