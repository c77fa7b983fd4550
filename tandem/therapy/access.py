from tandem.core.routes import Route

ROUTES = [
    Route("caseload", "therapist", deny_status=403),
    Route("invite_client", "therapist", deny_status=403),
]
