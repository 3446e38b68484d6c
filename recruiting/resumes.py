"""Uploads and resumes: store a checked file, parse it in Celery, accept the parsed fields into a candidate.

Every function takes the organization (or a row of it) and raises `recruiting.errors`; the API
(`recruiting/api/documents.py`) and the candidate page are thin edges over these.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recruiting import documents, queue, realtime, services
from recruiting.errors import DomainError, NotFoundError
from recruiting.models import Candidate, Document, Organization, User
from recruiting.resume_parsing import parse_resume

PARSE_TASK = "recruiting.parse_document"
# The parsed fields a recruiter can accept into the candidate, and the candidate field each fills.
ACCEPTED_FIELDS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "phone": "phone",
    "location": "location",
    "linkedin_url": "linkedin_url",
    "skills": "skills",
    "years_of_experience": "experience_years",
    "education": "education",
}


@transaction.atomic
def store_document(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    uploaded_by: User | None = None,
    candidate: Candidate | None = None,
    kind: str = Document.Kind.UPLOAD,
    description: str = "",
    file_uuid: uuid.UUID | None = None,
) -> Document:
    """Check the bytes (type by content, DOCX and PDF sanity), store them under a generated name, record the row."""
    if candidate is not None and candidate.organization_id != organization.pk:
        raise NotFoundError("Candidate not found.")
    if not data:
        raise DomainError("The file is empty.", code="EMPTY_FILE", field="file")
    file_uuid = file_uuid or uuid.uuid4()
    stored = documents.store_bytes(organization_id=organization.pk, data=data, file_uuid=file_uuid)
    document = Document.objects.create(
        organization=organization,
        uuid=file_uuid,
        candidate=candidate,
        uploaded_by=uploaded_by if uploaded_by is not None and uploaded_by.is_authenticated else None,
        kind=kind,
        stored_name=stored.stored_name,
        original_filename=documents.clean_filename(filename),
        description=description[:1000],
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    if kind == Document.Kind.RESUME:
        request_parse(document=document)
    # Sockets of the organization subscribed to `file_uploaded` hear of it once the row is committed.
    realtime.publish_to_organization(
        organization_id=organization.pk,
        type="file_uploaded",
        data={
            "id": document.pk,
            "file_id": str(document.uuid),
            "filename": document.original_filename,
            "content_type": document.content_type,
            "size": document.size,
            "kind": document.kind,
            "candidate_id": document.candidate_id,
            "uploaded_by": document.uploaded_by.email if document.uploaded_by else None,
        },
    )
    return document


def attach_resume(*, candidate: Candidate, data: bytes, filename: str, uploaded_by: User | None = None) -> Document:
    """Store a candidate's resume and queue its parsing after commit."""
    return store_document(
        organization=candidate.organization,
        data=data,
        filename=filename,
        uploaded_by=uploaded_by,
        candidate=candidate,
        kind=Document.Kind.RESUME,
    )


def request_parse(*, document: Document) -> Document:
    """Mark the document pending and queue its parse after commit (beat re-queues it if the broker is down)."""
    document.parse_status = Document.ParseStatus.PENDING
    document.parse_requested_at = timezone.now()
    document.parse_error = ""
    document.save(update_fields=["parse_status", "parse_requested_at", "parse_error"])
    document_id = document.pk
    transaction.on_commit(lambda: queue.enqueue(PARSE_TASK, document_id))
    return document


def parse_document(*, document_id: int) -> Document | None:
    """The Celery task's body: read the stored file, parse it and record the fields (idempotent)."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    try:
        parsed = parse_resume(documents.read_stored(document.stored_name), document.content_type)
    except DomainError as error:
        document.parse_status = Document.ParseStatus.FAILED
        document.parse_error = error.message[:500]
        document.save(update_fields=["parse_status", "parse_error"])
        return document
    document.extracted_data = parsed.extracted_data
    document.parsing_confidence = parsed.parsing_confidence
    document.parse_status = Document.ParseStatus.PARSED
    document.parsed_at = timezone.now()
    document.parse_error = ""
    document.save(update_fields=["extracted_data", "parsing_confidence", "parse_status", "parsed_at", "parse_error"])
    return document


def sweep_pending_parses(*, now: datetime | None = None) -> int:
    """Queue again the parses still pending after RESUME_PARSE_REQUEUE_AFTER_SECONDS (a lost publish)."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.RESUME_PARSE_REQUEUE_AFTER_SECONDS)
    stale = list(
        Document.objects.filter(parse_status=Document.ParseStatus.PENDING, parse_requested_at__lte=cutoff).values_list(
            "pk", flat=True
        )[:1000]
    )
    for document_id in stale:
        queue.enqueue(PARSE_TASK, document_id)
    return len(stale)


def parse_now(*, organization: Organization, data: bytes | None = None, resume_url: str = "") -> Document:
    """Parse a posted file, or a file the organization already stores named by its URL, and answer at once."""
    if data is not None:
        document = store_document(organization=organization, data=data, filename="resume", kind=Document.Kind.UPLOAD)
    elif resume_url:
        document = document_for_url(organization=organization, url=resume_url)
    else:
        raise DomainError("Send a file or a resume_url.", code="FILE_REQUIRED", field="file")
    return parse_document(document_id=document.pk)


_FILE_URL = re.compile(r"/storage/files/(?P<uuid>[0-9a-fA-F-]{32,36})\b|/uploads/(?P<id>\d+)\b")


def document_for_url(*, organization: Organization, url: str) -> Document:
    """The organization's stored file a platform URL names (`file_url`, `download_url`); 400 for anything else."""
    match = _FILE_URL.search(url or "")
    if match is None:
        raise DomainError(
            "resume_url must be a file this platform stores (a file_url or download_url it gave you).",
            code="UNKNOWN_FILE_URL",
            field="resume_url",
        )
    found = Document.objects.for_org(organization)
    found = found.filter(uuid=match["uuid"]) if match["uuid"] else found.filter(pk=match["id"])
    document = found.first()
    if document is None:
        raise DomainError(
            "No stored file of your organization has this URL.", code="UNKNOWN_FILE_URL", field="resume_url"
        )
    return document


@transaction.atomic
def accept_parsed_fields(
    *, document: Document, actor: User | None = None, fields: list[str] | None = None
) -> Candidate:
    """Copy the parsed fields (all, or `fields`) into the resume's candidate, in one action; empty values are skipped."""
    if document.candidate_id is None:
        raise DomainError("This file belongs to no candidate.", code="NOT_A_RESUME")
    if not document.is_parsed:
        raise DomainError("The resume has not been parsed yet.", code="NOT_PARSED")
    unknown = sorted(set(fields or ()) - set(ACCEPTED_FIELDS))
    if unknown:
        raise DomainError(f"Unknown fields: {', '.join(unknown)}.", code="UNKNOWN_FIELD", field="fields")
    data = document.extracted_data
    changes: dict[str, Any] = {}
    for parsed_name in fields or ACCEPTED_FIELDS:
        value = data.get(parsed_name)
        if value in (None, "", []):
            continue
        changes[ACCEPTED_FIELDS[parsed_name]] = value
    limits = {name: Candidate.text_limit(name) for name in ("first_name", "last_name", "location", "phone")}
    for name, limit in limits.items():
        if isinstance(changes.get(name), str):
            changes[name] = changes[name][:limit]
    candidate = services.update_candidate(candidate=document.candidate, **changes)
    document.accepted_at = timezone.now()
    document.save(update_fields=["accepted_at"])
    return candidate


def delete_document(*, document: Document) -> None:
    """Remove the row and its bytes (the bytes after commit, so a rollback keeps both)."""
    stored_name = document.stored_name
    document.delete()
    transaction.on_commit(lambda: documents.delete_stored(stored_name))


def sweep_orphan_files(*, now: datetime | None = None) -> int:
    """Delete stored files that no document row names, once older than DOCUMENTS_ORPHAN_GRACE_HOURS.

    A file is written before its row commits; when that transaction rolls back (a later error in the
    same request, a worker killed mid-task), the bytes stay in storage with nothing pointing at them,
    a resume nobody can see, export or erase. The grace period outlasts any transaction still open.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.DOCUMENTS_ORPHAN_GRACE_HOURS)
    removed = 0
    if not documents.storage_has(documents.STORED_ROOT):
        return 0
    for folder in documents.stored_folders():
        names = documents.stored_files(folder)
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            known = set(Document.objects.filter(stored_name__in=batch).values_list("stored_name", flat=True))
            for name in batch:
                if name not in known and documents.stored_at(name) < cutoff:
                    documents.delete_stored(name)
                    removed += 1
    return removed


def signed_url(*, document: Document, operation: str = "download", user: User | None = None) -> tuple[str, datetime]:
    """A path with a signature that grants `operation` on the file until it expires."""
    signature, expires_at = documents.sign_file_url(
        file_uuid=document.uuid,
        organization_id=document.organization_id,
        operation=documents.OPERATIONS[operation],
        filename=document.original_filename,
        user_id=getattr(user, "pk", None),
    )
    return f"/api/v1/storage/files/{document.uuid}?signature={signature}", expires_at


def presign(*, organization: Organization, operation: str, filename: str, file_url: str = "", user=None) -> dict:
    """A signed upload URL for a new file, or a signed download URL for a stored one (another organization's: 404)."""
    if operation == "upload":
        file_uuid = uuid.uuid4()
        signature, expires_at = documents.sign_file_url(
            file_uuid=file_uuid,
            organization_id=organization.pk,
            operation="put",
            filename=documents.clean_filename(filename),
            user_id=getattr(user, "pk", None),
        )
        path = f"/api/v1/storage/files/{file_uuid}"
        return {"upload_url": f"{path}?signature={signature}", "file_url": path, "expires_at": expires_at}
    if operation == "download":
        try:
            document = document_for_url(organization=organization, url=file_url)
        except DomainError as error:
            raise NotFoundError("File not found.") from error
        url, expires_at = signed_url(document=document, user=user)
        return {"download_url": url, "file_url": f"/api/v1/storage/files/{document.uuid}", "expires_at": expires_at}
    raise DomainError("operation must be upload or download.", code="INVALID_OPERATION", field="operation")


def receive_signed_upload(*, grant: documents.FileGrant, data: bytes) -> Document:
    """Store the body of a PUT to a signed upload URL, once its signature has been verified."""
    if Document.objects.filter(uuid=grant.file_uuid).exists():
        raise DomainError("This upload URL was already used.", code="ALREADY_UPLOADED")
    organization = Organization.objects.get(pk=grant.organization_id)
    uploader = User.objects.filter(pk=grant.user_id, organization=organization).first() if grant.user_id else None
    return store_document(
        organization=organization,
        data=data,
        filename=grant.filename or "file",
        uploaded_by=uploader,
        file_uuid=grant.file_uuid,
    )


def signed_download(*, file_uuid: uuid.UUID, signature: str) -> tuple[Document, bytes]:
    """The file a signed download URL grants (403 for a bad or expired signature)."""
    grant = documents.verify_file_signature(signature, file_uuid=file_uuid, operation="get")
    document = Document.objects.filter(uuid=file_uuid, organization_id=grant.organization_id).first()
    if document is None:
        raise NotFoundError("File not found.")
    return document, documents.read_stored(document.stored_name)
