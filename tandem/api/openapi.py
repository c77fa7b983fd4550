"""The OpenAPI document of the API, as committed in docs/openapi.json (manage.py export_openapi)."""

import json
from pathlib import Path

from django.conf import settings

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"
REGENERATE = ".venv/bin/python manage.py export_openapi"


def document() -> str:
    """The schema generated from the code, as the exact text committed (stable key order)."""
    from .v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
