"""Errors a router raises; v1.py turns each into its JSON answer."""

from django.utils.translation import gettext
from ninja.errors import HttpError


class Unprocessable(HttpError):
    """422 with a list of problems, each {"loc": ["body", field], "msg": "..."} as pydantic's."""

    def __init__(self, problems: dict[str, list[str]]):
        self.detail = [
            {"loc": ["body", field], "msg": message} for field, messages in problems.items() for message in messages
        ]
        super().__init__(422, "; ".join(d["msg"] for d in self.detail) or gettext("Refused."))


def refused(error: Exception) -> Unprocessable:
    """The 422 for a feature app's refusal: its `errors` ({field: [messages]}) or its message."""
    return Unprocessable(getattr(error, "errors", None) or {"__all__": [str(error)]})
