from tandem.core.routes import Route

ROUTES = [
    Route("lock", "any", method="POST", ok_status=302),
]
