"""The OpenAPI document is an artefact: the committed docs/openapi.json is what the code says."""

import difflib
import json

from tandem.api.openapi import COMMITTED, REGENERATE, document


def test_the_committed_schema_is_the_code_s():
    generated = document()
    committed = COMMITTED.read_text() if COMMITTED.exists() else ""
    if generated != committed:
        diff = "".join(
            list(difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), "committed", "code"))[:60]
        )
        raise AssertionError(f"docs/openapi.json differs from the code; regenerate it with `{REGENERATE}`\n{diff}")


def test_every_operation_says_its_errors_and_needs_auth():
    schema = json.loads(document())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], (method, path)
            assert operation.get("security"), (method, path)
