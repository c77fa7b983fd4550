from tandem.core.routes import Route  # noqa: F401

ROUTES = []
