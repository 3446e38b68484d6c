"""CSV imports of candidates: store the upload, process it chunk by chunk, hand back the rows that failed."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from ats.models import CandidateImport, CandidateImportFailure, PartnerIntegration, ProgressStatus
from ats.services.candidate_upserts import CHUNK_SIZE, bulk_source, upsert_candidates
from ats.validation import CANDIDATE_FIELDS
from recruiting import queue
from recruiting.errors import DomainError
from recruiting.models import Organization, User

CSV_MAX_ROWS = 100_000
STORED_ERRORS_MAX = 1000

CSV_LIST_SEPARATORS = (";", "|")


# Spreadsheet headers as people name them: "First Name", "E-mail", "Surname", "Years of experience".
HEADER_ALIASES = {
    "firstname": "first_name",
    "first": "first_name",
    "given_name": "first_name",
    "forename": "first_name",
    "lastname": "last_name",
    "last": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "phone_number": "phone",
    "mobile": "phone",
    "mobile_number": "phone",
    "telephone": "phone",
    "years": "experience_years",
    "years_of_experience": "experience_years",
    "experience": "experience_years",
    "linkedin": "linkedin_url",
    "linkedin_profile": "linkedin_url",
}
# Excel writes ";" where the decimal mark is a comma, and tabs for "Unicode text".
DELIMITERS = (",", ";", "\t", "|")


def column_name(header: str) -> str:
    """The field a CSV column fills: its header lower-cased, spaces and dashes as underscores, aliases resolved."""
    key = re.sub(r"[\s\-./]+", "_", header.strip().casefold()).strip("_")
    return HEADER_ALIASES.get(key, key)


def _csv_rows(csv_text: str) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(csv_text))
    names = [column_name(header) for header in next(reader, [])]
    rows = []
    for record in reader:
        if not record:  # a blank line
            continue
        row: dict[str, Any] = {}
        for name, value in itertools.zip_longest(names, record[: len(names)], fillvalue=""):
            value = value.strip()
            if name == "skills":
                separator = next((sep for sep in CSV_LIST_SEPARATORS if sep in value), ",")
                row[name] = [skill.strip() for skill in value.split(separator) if skill.strip()]
            elif name in CANDIDATE_FIELDS and name not in ("education", "ats_data"):
                if value or name in ("first_name", "last_name", "email"):
                    row[name] = value
        rows.append(row)
    return rows


def decode_csv(csv_bytes: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one (Excel's "Unicode text"), or
    Windows-1252, what Excel on Windows saves as "CSV" for Western European languages."""
    if csv_bytes.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return csv_bytes.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        "The file must be a CSV encoded as UTF-8 (or Windows-1252, Excel's 'CSV' on Windows).", code="INVALID_FILE"
    )


def comma_separated(csv_text: str) -> str:
    """The text with commas between fields and "\\n" ending each line: a header separated by ";", tabs or
    "|", or lines ending in a lone carriage return (old Mac spreadsheets), are rewritten."""
    header_line = csv_text.split("\n", 1)[0].split("\r", 1)[0]
    delimiter = max(DELIMITERS, key=header_line.count)
    if not header_line.count(delimiter):
        delimiter = ","
    if delimiter == "," and "\r" not in csv_text:
        return csv_text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv.reader(io.StringIO(csv_text, newline=""), delimiter=delimiter))
    return out.getvalue()


@transaction.atomic
def start_candidate_import(
    *,
    organization: Organization,
    csv_bytes: bytes,
    file_name: str,
    created_by: User | None,
    integration: PartnerIntegration | None,
) -> CandidateImport:
    """Store the upload and queue its processing after commit (beat's sweep re-queues it if the broker is down)."""
    csv_text = decode_csv(csv_bytes)
    try:  # one read for the header and the row count; a field longer than the csv module takes fails it
        csv_text = comma_separated(csv_text)
        records = csv.reader(io.StringIO(csv_text))
        header = next(records, [])
        total = sum(1 for _ in records)
    except csv.Error as exc:
        raise DomainError(f"Unreadable CSV: {exc}", code="INVALID_FILE") from exc
    missing = {"first_name", "last_name", "email"} - {column_name(column) for column in header}
    if missing:
        raise DomainError(f"The CSV header lacks required columns: {', '.join(sorted(missing))}.", code="INVALID_FILE")
    if total > CSV_MAX_ROWS:
        raise DomainError(f"At most {CSV_MAX_ROWS} rows per import.", code="TOO_MANY_ROWS")
    job = CandidateImport.objects.create(
        organization=organization,
        csv_text=csv_text,
        file_name=file_name[:255],
        source=bulk_source(integration=integration, requested="csv_import"),
        total=total,
        integration=integration,
        created_by=created_by,
    )
    transaction.on_commit(lambda: queue.enqueue("ats.tasks.process_candidate_import", job.pk), robust=True)
    return job


def process_candidate_import(*, import_id: int) -> CandidateImport:
    """Process remaining chunks; each chunk commits with its progress, so a retry resumes where it stopped."""
    job = CandidateImport.objects.get(pk=import_id)
    if job.status in (ProgressStatus.COMPLETED, ProgressStatus.FAILED):
        return job
    try:
        rows = _csv_rows(job.csv_text)
    except csv.Error as exc:
        CandidateImport.objects.filter(pk=job.pk).update(
            status=ProgressStatus.FAILED, failure=f"Unreadable CSV: {exc}", completed_at=timezone.now()
        )
        return CandidateImport.objects.get(pk=job.pk)
    CandidateImport.objects.filter(pk=job.pk, status=ProgressStatus.PENDING).update(
        status=ProgressStatus.PROCESSING, total=len(rows)
    )
    while True:
        with transaction.atomic():
            job = CandidateImport.objects.select_for_update().get(pk=import_id)
            if job.processed >= len(rows):
                _finish_import(job)
                return job
            chunk = rows[job.processed : job.processed + CHUNK_SIZE]
            # Row numbers as a spreadsheet shows them: the header is row 1.
            result = upsert_candidates(
                organization=job.organization, source=job.source, rows=chunk, first_row_number=job.processed + 2
            )
            job.processed += len(chunk)
            job.inserted += result.inserted
            job.updated += result.updated
            job.error_count += len(result.errors)
            room = STORED_ERRORS_MAX - len(job.errors)
            job.errors = job.errors + [
                {"row": error["index"], "errors": error["errors"]} for error in result.errors[: max(0, room)]
            ]
            room = STORED_ERRORS_MAX - len(job.possible_duplicates)
            job.possible_duplicates = job.possible_duplicates + [
                {"row": match["index"], "candidate_id": match["candidate_id"], "duplicate_of": match["duplicate_of"]}
                for match in result.possible_duplicates[: max(0, room)]
            ]
            job.save(update_fields=["processed", "inserted", "updated", "error_count", "errors", "possible_duplicates"])
            CandidateImportFailure.objects.bulk_create(
                CandidateImportFailure(
                    organization_id=job.organization_id,
                    candidate_import=job,
                    row=error["index"],
                    reason=import_failure_reason(error["errors"]),
                )
                for error in result.errors
            )


def import_failure_reason(errors: dict[str, Any]) -> str:
    """One line a recruiter can act on: `field: message` for each field of the row that failed."""
    return "; ".join(f"{name}: {' '.join(str(m) for m in _as_list(messages))}" for name, messages in errors.items())


def _as_list(messages: Any) -> list[Any]:
    return messages if isinstance(messages, list) else [messages]


def _finish_import(job: CandidateImport) -> None:
    # An import that took no row at all did not work, whatever the worker thinks: say so.
    if job.error_count and not (job.inserted or job.updated):
        job.status = ProgressStatus.FAILED
        job.failure = "Every row failed. Download the failed rows, fix them and upload the file again."
    else:
        job.status = ProgressStatus.COMPLETED
    job.completed_at = timezone.now()
    job.save(update_fields=["status", "failure", "completed_at"])


def failed_import_rows_csv(*, candidate_import: CandidateImport) -> str:
    """The import's failed rows as uploaded (same header) plus an `error` column, ready to fix and re-upload."""
    reasons = dict(candidate_import.failures.values_list("row", "reason"))
    reader = csv.reader(io.StringIO(candidate_import.csv_text))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*next(reader, []), "error"])
    # Numbered as the import numbered them: `_csv_rows` skips blank lines.
    for row_number, record in enumerate((record for record in reader if record), start=2):
        if row_number in reasons:
            writer.writerow([*record, reasons[row_number]])
    return out.getvalue()


def mark_import_failed(*, import_id: int, reason: str) -> None:
    CandidateImport.objects.filter(pk=import_id).exclude(status=ProgressStatus.COMPLETED).update(
        status=ProgressStatus.FAILED, failure=reason[:2000], completed_at=timezone.now()
    )
