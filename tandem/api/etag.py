"""ETag / If-None-Match on reads.

Every successful GET answer of the API carries a strong ETag (a hash of its body); a request
whose If-None-Match names it gets 304 with no body. `v1.Api.create_response` applies it to every
read, so a router needs nothing; `apply_etag(request, response)` is the helper for other views
(the FHIR views)."""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return etag in candidates


def apply_etag(request, response: HttpResponse) -> HttpResponse:
    """Sets the ETag of a 200 answer to a GET; 304 when the client already has this body."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    etag = etag_of(response.content)
    header = request.headers.get("If-None-Match")
    if header and _matches(header, etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return response
