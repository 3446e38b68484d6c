"""Files the platform accepts: size limits, content sniffing, DOCX zip-bomb and broken-PDF checks, storage.

A file is judged by its bytes, never by its name or the client's content type: PDF (`%PDF-`), DOCX
(a zip holding `word/document.xml`) and UTF-8 plain text are accepted; executables and anything
else are refused with a `DomainError` naming the reason. The limit (`DOCUMENTS_MAX_UPLOAD_BYTES`)
is enforced by an upload handler before the body is read (the declared Content-Length) and while it
is read (chunked bodies and lying lengths), so a 2 GB upload costs nothing. Bytes are written through
Django's default storage under a generated name (`documents/<org>/<uuid>.<ext>`), so the local
filesystem and any S3-compatible store behave the same.

Signed URLs (`sign_file_url`, `verify_file_signature`) carry the file, the organization, the
operation and an expiry, signed with SECRET_KEY through django.core.signing.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler

from recruiting.errors import DomainError, ForbiddenError, TooLargeError
from recruiting.signed_links import read_link, sign_link

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt"}

# Multipart framing and the other form fields around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

_EXECUTABLE_MAGIC = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "a Linux executable"),
    (b"\xcf\xfa\xed\xfe", "a macOS executable"),
    (b"\xce\xfa\xed\xfe", "a macOS executable"),
    (b"\xfe\xed\xfa\xce", "a macOS executable"),
    (b"\xfe\xed\xfa\xcf", "a macOS executable"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java executable"),
    (b"#!", "a script"),
)
_TEXT_CONTROL_ALLOWED = {"\t", "\n", "\r", "\f"}


def max_upload_bytes() -> int:
    return settings.DOCUMENTS_MAX_UPLOAD_BYTES


def too_large_error() -> TooLargeError:
    limit_mb = max_upload_bytes() / (1024 * 1024)
    return TooLargeError(f"The file is larger than the {limit_mb:g} MB limit.", code="FILE_TOO_LARGE", field="file")


def refuse_declared_length(content_length: int | str | None, *, overhead: int = 0) -> None:
    """Raise 413 when the request says up front that its body is over the limit."""
    try:
        declared = int(content_length or 0)
    except (TypeError, ValueError):
        return
    if declared > max_upload_bytes() + overhead:
        raise too_large_error()


class SizeLimitedUploadHandler(FileUploadHandler):
    """First upload handler of a request that may carry a file: refuse oversized bodies early.

    `handle_raw_input` sees the declared Content-Length before a byte is read; `receive_data_chunk`
    counts what actually arrives, for bodies without a length (chunked) or with a false one.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 - Django names it
        refuse_declared_length(content_length, overhead=MULTIPART_OVERHEAD_BYTES)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > max_upload_bytes():
            raise too_large_error()
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_uploads(request) -> None:
    """Install the size-limited handler on a Django request before its body is touched."""
    request.upload_handlers.insert(0, SizeLimitedUploadHandler(request))


def read_limited(stream, *, content_length: int | str | None = None) -> bytes:
    """Read a raw body (a presigned PUT) up to the limit, refusing it as soon as it goes over."""
    refuse_declared_length(content_length)
    limit = max_upload_bytes()
    buffer = io.BytesIO()
    while chunk := stream.read(64 * 1024):
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise too_large_error()
    return buffer.getvalue()


def read_uploaded_file(uploaded) -> bytes:
    """The bytes of a Django UploadedFile, refusing one over the limit without reading past it."""
    if uploaded.size is not None and uploaded.size > max_upload_bytes():
        raise too_large_error()
    data = b"".join(uploaded.chunks())
    if len(data) > max_upload_bytes():
        raise too_large_error()
    return data


def read_posted_file(files, *, missing: str = "Attach the file as multipart field 'file'.") -> tuple[str, bytes]:
    """The name and bytes of the multipart field `file` (a form's or an API request's `FILES`)."""
    uploaded = files.get("file")
    if uploaded is None:
        raise DomainError(missing, code="FILE_REQUIRED", field="file")
    return uploaded.name, read_uploaded_file(uploaded)


def _bad_file(message: str, code: str) -> DomainError:
    return DomainError(message, code=code, field="file")


def _check_docx(data: bytes) -> None:
    """Refuse a DOCX that is not a Word document or inflates like a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _bad_file(f"The DOCX file is damaged: {exc}.", "BROKEN_DOCX") from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise _bad_file("The zip file is not a Word document (no word/document.xml).", "UNSUPPORTED_FILE_TYPE")
        if len(members) > settings.DOCUMENTS_DOCX_MAX_ENTRIES:
            raise _bad_file(f"The DOCX file holds {len(members)} parts; that looks like a zip bomb.", "ZIP_BOMB")
        cap = settings.DOCUMENTS_DOCX_MAX_UNCOMPRESSED_BYTES
        ratio_cap = settings.DOCUMENTS_DOCX_MAX_RATIO
        declared_total = sum(member.file_size for member in members)
        if declared_total > cap:
            raise _bad_file("The DOCX file inflates beyond the allowed size; that looks like a zip bomb.", "ZIP_BOMB")
        for member in members:
            # Tiny parts compress extremely well legitimately; judge the ratio of parts over 1 MB.
            if member.file_size > 1024 * 1024 and member.file_size > ratio_cap * max(member.compress_size, 1):
                raise _bad_file(
                    f"The DOCX part {member.filename} is compressed {member.file_size // max(member.compress_size, 1)}"
                    " times; that looks like a zip bomb.",
                    "ZIP_BOMB",
                )
        # Sizes in a zip's directory can lie: inflate each part in chunks and stop past its declared size.
        total = 0
        for member in members:
            seen = 0
            try:
                with archive.open(member) as part:
                    while chunk := part.read(256 * 1024):
                        seen += len(chunk)
                        total += len(chunk)
                        if seen > member.file_size or total > cap:
                            raise _bad_file(
                                "The DOCX file inflates beyond what it declares; that looks like a zip bomb.",
                                "ZIP_BOMB",
                            )
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                raise _bad_file(f"The DOCX file is damaged: {exc}.", "BROKEN_DOCX") from exc


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF that pypdf cannot open, is encrypted, or has no pages."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _bad_file("The PDF is password-protected; upload an unprotected copy.", "ENCRYPTED_PDF")
        if len(reader.pages) == 0:
            raise _bad_file("The PDF has no pages.", "BROKEN_PDF")
    except DomainError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise _bad_file(f"The PDF is damaged and cannot be read: {exc}", "BROKEN_PDF") from exc


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ch < " " and ch not in _TEXT_CONTROL_ALLOWED for ch in text)


def sniff_content_type(data: bytes) -> str:
    """Return the content type the bytes prove, or raise a DomainError saying why they are refused."""
    if not data:
        raise _bad_file("The file is empty.", "EMPTY_FILE")
    for magic, what in _EXECUTABLE_MAGIC:
        if data.startswith(magic):
            raise _bad_file(
                f"The file is {what}, whatever its name; only PDF, DOCX and text are accepted.", "EXECUTABLE_FILE"
            )
    if b"%PDF-" in data[:1024]:
        _check_pdf(data)
        return PDF
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return DOCX
    if _is_text(data):
        return TEXT
    raise _bad_file("Only PDF, DOCX and plain-text (UTF-8) files are accepted.", "UNSUPPORTED_FILE_TYPE")


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    content_type: str
    size: int
    sha256: str


STORED_ROOT = "documents"


def store_bytes(*, organization_id: int, data: bytes, file_uuid: uuid.UUID) -> StoredFile:
    """Check the bytes and write them to the default storage under a generated name."""
    content_type = sniff_content_type(data)
    name = f"{STORED_ROOT}/{organization_id}/{file_uuid.hex}{EXTENSIONS[content_type]}"
    saved = default_storage.save(name, ContentFile(data))
    return StoredFile(
        stored_name=saved, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )


def read_stored(stored_name: str) -> bytes:
    with default_storage.open(stored_name, "rb") as handle:
        return handle.read()


def delete_stored(stored_name: str) -> None:
    default_storage.delete(stored_name)


def storage_has(name: str) -> bool:
    return default_storage.exists(name)


def stored_folders() -> list[str]:
    """Each organization's folder under STORED_ROOT."""
    folders, _files = default_storage.listdir(STORED_ROOT)
    return [f"{STORED_ROOT}/{folder}" for folder in sorted(folders)]


def stored_files(folder: str) -> list[str]:
    """The stored names (as `Document.stored_name` holds them) of the files in one folder."""
    _folders, files = default_storage.listdir(folder)
    return [f"{folder}/{name}" for name in sorted(files)]


def stored_at(stored_name: str) -> datetime:
    return default_storage.get_modified_time(stored_name)


def clean_filename(filename: str) -> str:
    """The caller's filename as a display label: no path, no control characters, at most 255 characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch >= " " and ch != "\x7f").strip()
    return name[:255] or "file"


# --- Signed URLs ------------------------------------------------------------------------------
SIGNING_SALT = "recruiting.documents.signed-url"
OPERATIONS = {"upload": "put", "download": "get"}


@dataclass(frozen=True)
class FileGrant:
    """What a valid signature allows: one operation on one file of one organization."""

    file_uuid: uuid.UUID
    organization_id: int
    operation: str  # "put" or "get"
    filename: str
    user_id: int | None


def sign_file_url(
    *, file_uuid: uuid.UUID, organization_id: int, operation: str, filename: str = "", user_id: int | None = None
) -> tuple[str, datetime]:
    """A signature for `?signature=` and the moment it expires."""
    payload = {"f": file_uuid.hex, "o": organization_id, "op": operation, "n": filename, "u": user_id}
    return sign_link(payload, salt=SIGNING_SALT, seconds=settings.DOCUMENTS_SIGNED_URL_SECONDS)


def verify_file_signature(signature: str, *, file_uuid: uuid.UUID, operation: str) -> FileGrant:
    """Return the grant of a signature for this file and operation; ForbiddenError (403) otherwise."""
    payload = read_link(signature, salt=SIGNING_SALT)
    if payload.get("f") != file_uuid.hex or payload.get("op") != operation:
        raise ForbiddenError("The signed URL is not valid for this file or operation.", code="INVALID_SIGNATURE")
    return FileGrant(
        file_uuid=file_uuid,
        organization_id=payload["o"],
        operation=operation,
        filename=payload.get("n") or "",
        user_id=payload.get("u"),
    )
