"""WSGI middleware: give Django the body of a request sent without a Content-Length (chunked).

Django's WSGI request reads exactly CONTENT_LENGTH bytes and treats a missing one as an empty body.
Behind gunicorn a partner client that streams its JSON or its upload (`Transfer-Encoding: chunked`,
what many HTTP libraries do for a generator or a file object) would then be answered as if it had
sent nothing: a 400 "field required", or worse a PATCH that changes nothing and answers 200.

The server has already de-chunked `wsgi.input`. This reads it into a spooled file (memory up to
1 MB, then disk), at most one byte past the largest body any endpoint accepts
(`CHUNKED_BODY_MAX_BYTES`), and states the length it read, so Django's own limits answer an
oversized body with their usual JSON 413 and the rest of it is never read. (A body with a declared
length is refused before it is read; a chunked one can only be judged by reading it.) ASGI (daphne, `make run`) hands Django the whole body and needs none of this.
"""

from __future__ import annotations

import tempfile

from django.conf import settings

READ_CHUNK_BYTES = 64 * 1024
IN_MEMORY_BYTES = 1024 * 1024


def _is_chunked(environ) -> bool:
    return "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and not environ.get("CONTENT_LENGTH")


class ChunkedBodies:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not _is_chunked(environ):
            return self.application(environ, start_response)
        limit = settings.CHUNKED_BODY_MAX_BYTES + 1
        body = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - closed with the response
        try:
            stream = environ["wsgi.input"]
            while body.tell() < limit and (chunk := stream.read(min(READ_CHUNK_BYTES, limit - body.tell()))):
                body.write(chunk)
            environ["CONTENT_LENGTH"] = str(body.tell())
            body.seek(0)
            environ["wsgi.input"] = body
            response = self.application(environ, start_response)
        except BaseException:  # a client gone mid-body, or the app raising: no response will close it
            body.close()
            raise
        return _ClosingIterable(response, body)


class _ClosingIterable:
    """The response, which also closes the spooled body when the server closes the response (PEP 3333)."""

    def __init__(self, response, body):
        self.response = response
        self.body = body

    def __iter__(self):
        return iter(self.response)

    def close(self):
        try:
            if hasattr(self.response, "close"):
                self.response.close()
        finally:
            self.body.close()
