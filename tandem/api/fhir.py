"""FHIR R4 read endpoints for a therapist's linked clients (and for a person's own results).

    GET /fhir/metadata                                  the CapabilityStatement (public)
    GET /fhir/Questionnaire/<id>                        an instrument (id: its key)
    GET /fhir/QuestionnaireResponse?patient=<id>        a searchset Bundle of completed answers
    GET /fhir/Observation?patient=<id>                  a searchset Bundle of total scores

Plain Django views answering `application/fhir+json`: the resources are built by
`tandem.assessments.api` (from `tandem.assessments.fhir`), the callers are found by
`tandem.api.auth.person_for` (a bearer token or the session), and every error is an
OperationOutcome, never HTML.

Who may search: the person themself (`patient=<own id>`, token scope questionnaires:read), or a
therapist holding an active therapist link to the client, whom the sharing gate lets see the
client's questionnaire results ("assessments", the scope the therapist's questionnaire pages read)
and whose token carries shared:read. The gate logs each page read exactly as a page view is
logged; anyone else gets the same 404 as for an id that does not exist.
"""

import functools

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from ninja.errors import HttpError

from tandem.assessments import api as assessments
from tandem.sharing import gate

from .auth import RateLimited, person_for, require_scope
from .etag import apply_etag
from .pagination import cursor_page

FHIR_JSON = "application/fhir+json; charset=utf-8"
FORMATS = {"json", "application/json", "application/fhir+json"}
DEFAULT_COUNT = 20
MAX_COUNT = 100
SEARCH_PARAMS = {"patient", "_count", "_format", "cursor"}
"""What a search accepts: `cursor` is the opaque position a `next` link carries."""
CAPABILITY_DATE = "2026-12-04"

ISSUE_CODES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported"}


class FhirError(Exception):
    def __init__(self, status: int, diagnostics: str, *, code: str = "", headers=None):
        super().__init__(diagnostics)
        self.status = status
        self.diagnostics = diagnostics
        self.code = code or ISSUE_CODES.get(status, "processing")
        self.headers = headers or {}


def fhir_response(resource: dict, status: int = 200, headers=None) -> JsonResponse:
    response = JsonResponse(resource, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = FHIR_JSON
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def operation_outcome(status: int, diagnostics: str, *, code: str = "", headers=None) -> JsonResponse:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": "error", "code": code or ISSUE_CODES.get(status, "processing"), "diagnostics": diagnostics}
        ],
    }
    return fhir_response(outcome, status, headers)


def fhir_view(view):
    """GET only; every refusal as an OperationOutcome; the ETag of a 200 (304 when unchanged)."""

    @login_not_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return operation_outcome(405, "Only reads (GET) are offered here.", headers={"Allow": "GET, HEAD"})
        try:
            _check_format(request)
            response = view(request, *args, **kwargs)
        except FhirError as error:
            return operation_outcome(error.status, error.diagnostics, code=error.code, headers=error.headers)
        except HttpError as error:  # require_scope's 403, the pager's 400 for a cursor it did not give
            return operation_outcome(error.status_code, str(error))
        except RateLimited as error:
            return operation_outcome(
                429,
                "Too many requests; try again shortly.",
                code="throttled",
                headers={"Retry-After": error.retry_after},
            )
        except Http404:
            return _not_found()
        return apply_etag(request, response)

    return wrapped


def _not_found() -> JsonResponse:
    return operation_outcome(404, "Nothing is here.")


def _check_format(request) -> None:
    wanted = request.GET.get("_format")
    if wanted is not None and wanted.strip().lower() not in FORMATS:
        raise FhirError(406, "Only FHIR JSON (application/fhir+json) is offered.", code="not-supported")


def _person(request):
    person = person_for(request)
    if person is None:
        raise FhirError(
            401,
            "Sign in, or send a valid personal access token (Authorization: Bearer …).",
            headers={"WWW-Authenticate": 'Bearer realm="tandem"'},
        )
    return person


def _base(request) -> str:
    """The absolute service base URL, ending in "/"."""
    return request.build_absolute_uri(reverse("fhir_metadata")).removesuffix("metadata")


# --- The endpoints ------------------------------------------------------------------------------


@fhir_view
def metadata(request):
    """Public on purpose: a FHIR client reads the CapabilityStatement before it authenticates,
    to learn what the server offers; it holds nothing about anyone."""
    return fhir_response(capability_statement(_base(request)))


@fhir_view
def questionnaire(request, fhir_id):
    person = _person(request)
    resource = assessments.fhir_questionnaire(person, fhir_id)
    if resource is None:
        raise FhirError(404, f"No questionnaire with the id {fhir_id!r}.")
    return fhir_response(resource)


@fhir_view
def questionnaire_responses(request):
    return _search(request, "QuestionnaireResponse")


@fhir_view
def observations(request):
    return _search(request, "Observation")


@fhir_view
def unknown(request, rest=""):
    """Anything else under /fhir/: an OperationOutcome 404, not the site's HTML page."""
    return _not_found()


# --- Searches -----------------------------------------------------------------------------------

LOG_KINDS = {"QuestionnaireResponse": "questionnaire answers (FHIR)", "Observation": "questionnaire scores (FHIR)"}


def _search(request, kind: str):
    person = _person(request)
    patient_id, count = _search_params(request)
    owner = _owner_to_read(request, person, patient_id, kind)
    page = cursor_page(request, assessments.completed_results(owner), order=("-completed_at", "-pk"), size=count)
    base = _base(request)
    entries = []
    for result in page["items"]:
        answers, score = assessments.fhir_answers_and_score(result)
        resource = answers if kind == "QuestionnaireResponse" else score
        entries.append({"fullUrl": f"{base}{kind}/{resource['id']}", "resource": resource, "search": {"mode": "match"}})
    links = [{"relation": "self", "url": request.build_absolute_uri()}]
    if page["next"]:
        links.append({"relation": "next", "url": page["next"]})
    # No random id or timestamp: the same results give the same body, so If-None-Match answers 304.
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": assessments.completed_results(owner).count(),
        "link": links,
        "entry": entries,
    }
    return fhir_response(bundle)


def _search_params(request) -> tuple[int, int]:
    """(the patient's id, the page size) from the query, or a 400."""
    unknown_names = sorted(set(request.GET) - SEARCH_PARAMS)
    if unknown_names:
        raise FhirError(400, f"Unknown search parameter(s): {', '.join(unknown_names)}. Supported: patient, _count.")
    patients = request.GET.getlist("patient")
    if len(patients) != 1 or "," in patients[0]:
        raise FhirError(400, "Give exactly one patient: patient=<id> or patient=Patient/<id>.")
    value = patients[0].strip().removeprefix("Patient/")
    if not value.isascii() or not value.isdigit():
        raise FhirError(400, "The patient is an id (digits), e.g. patient=12 or patient=Patient/12.")
    counts = request.GET.getlist("_count")
    count = DEFAULT_COUNT
    if counts:
        if len(counts) > 1 or not counts[0].isascii() or not counts[0].isdigit() or int(counts[0]) < 1:
            raise FhirError(400, f"_count is a whole number from 1 to {MAX_COUNT}.")
        count = min(int(counts[0]), MAX_COUNT)
    return int(value), count


def _owner_to_read(request, person, patient_id: int, kind: str):
    """The person whose results are asked for, when the caller may read them now; else 403
    (the token lacks the scope) or 404 (whether or not the id exists)."""
    if patient_id == person.pk:
        require_scope(request, "questionnaires:read")
        return person
    require_scope(request, "shared:read")
    if not assessments.is_therapist_of(person, patient_id):
        raise Http404
    # The gate decides and logs this read, as the therapist's questionnaire page does.
    return gate.shared_owner_or_404(person, patient_id, assessments.SHARED_SCOPE, LOG_KINDS[kind])


# --- The CapabilityStatement --------------------------------------------------------------------

SECURITY = (
    "A personal access token (Authorization: Bearer <token>, made on the settings page) or a signed-in "
    "session. A person reads their own results with the questionnaires:read scope (patient=<own id>). A "
    "therapist reads a client's results with the shared:read scope, an active therapist link and the "
    "client's consent to share questionnaire results; each read is written to the client's access log. "
    "Anyone else, and any id that does not exist, gets 404."
)
PATIENT_PARAM = {
    "name": "patient",
    "definition": "http://hl7.org/fhir/SearchParameter/clinical-patient",
    "type": "reference",
    "documentation": "Required, exactly one: the person's id (patient=12 or patient=Patient/12).",
}
SEARCH_DOC = (
    f"Newest first. _count sets the page size (1 to {MAX_COUNT}, default {DEFAULT_COUNT}); the Bundle's next link "
    "carries an opaque cursor to the following page. Other parameters are refused with 400."
)


def capability_statement(base: str) -> dict:
    search = {"interaction": [{"code": "search-type", "documentation": SEARCH_DOC}], "searchParam": [PATIENT_PARAM]}
    return {
        "resourceType": "CapabilityStatement",
        "id": "tandem",
        "name": "TandemFHIR",
        "title": "Tandem FHIR read endpoints",
        "status": "active",
        "date": CAPABILITY_DATE,
        "kind": "instance",
        "software": {"name": "Tandem"},
        "implementation": {"description": "Questionnaires, answers and scores of Tandem", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "security": {"description": SECURITY},
                "resource": [
                    {
                        "type": "Questionnaire",
                        "interaction": [
                            {
                                "code": "read",
                                "documentation": "Any signed-in caller; the id is the instrument's key (e.g. phq9).",
                            }
                        ],
                    },
                    {"type": "QuestionnaireResponse", **search},
                    {
                        "type": "Observation",
                        **search,
                        "documentation": "Total scores (category survey), with the instrument's LOINC code where "
                        "its definition names one, and subscales as components.",
                    },
                ],
            }
        ],
    }
