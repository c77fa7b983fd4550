"""Who may reach each API route (see tandem/core/routes.py).

The API authenticates itself (a token or the session) and answers a signed-out caller with a
JSON 401, never the sign-in redirect: `anonymous_status=401`. The role matrix calls each route
with the persona's session, which carries every scope of its own person. Append entries for new
routers here (re-read first; small edits)."""

from tandem.core.routes import ANY_SCOPE, Route


def _api(name, audience="any", **kwargs):
    kwargs.setdefault("anonymous_status", 401)
    return Route(f"api_v1:{name}", audience, **kwargs)


ROUTES = [
    # The API's root answers 404 to everyone (no browsable docs: docs/api.md, docs/openapi.json).
    _api("api-root", ok_status=404, deny_status=404, anonymous_status=404),
    # Any other address under /api/ is a JSON 404 for everyone.
    Route("api_unknown", "any", ok_status=404, anonymous_status=404),
    # Own recovery data (routers/recovery.py): everyone signed in reaches their own (empty for
    # people without a program).
    _api("checkins"),
    _api("urges"),
    _api("slips"),
    _api("circles"),
    _api("milestones"),
    # What others share with me (routers/shared.py): the list is everyone's own; one person's
    # data answers while they share at least one scope with the caller, through the gate.
    _api("shared"),
    _api("shared_person", "participant", parties={"therapist", "partner", "sponsor"}, scope=ANY_SCOPE),
    # Meetings, the person's own schedule, attendance and outreach (routers/fellowship.py). The
    # matrix GETs each path; POST/DELETE on it share the GET's name and are tested in test_fellowship_api.
    _api("meetings"),
    _api("meeting"),
    _api("schedule"),
    _api("schedule_entry", "owner"),
    _api("schedule_went", "owner", method="POST", ok_status=201),
    _api("attendance"),
    _api("outreach"),
    # Questionnaires (routers/questionnaires.py): the person's own; sending answers is a POST on
    # questionnaire_results (test_questionnaires_api).
    _api("questionnaires_due"),
    _api("questionnaire"),
    _api("questionnaire_results"),
    _api("questionnaire_result", "owner"),
    # The personal access tokens page, in the account area.
    Route("api_tokens", "any"),
    Route("api_token_revoke", "owner", method="POST", ok_status=302),
    # FHIR (tandem/api/fhir.py; /fhir/metadata is public, in core/routes.py). Searches: the person
    # themself, or their therapist while the gate allows questionnaire results (and a therapist link).
    Route("fhir_questionnaire", "any", anonymous_status=401),
    Route("fhir_questionnaire_responses", "shared", scope="assessments", anonymous_status=401),
    Route("fhir_observations", "shared", scope="assessments", anonymous_status=401),
    # Anything else under /fhir/ is an OperationOutcome 404 for everyone.
    Route("fhir_unknown", "any", ok_status=404, anonymous_status=404),
]
