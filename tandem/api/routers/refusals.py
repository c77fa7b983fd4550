"""A page's refusal, answered as the API's 422.

The feature apps' `api.py` functions check input with the pages' own forms and raise Django's
ValidationError ({field: [message]}); `refusals()` turns it into the same JSON 422 that a body
the schema refuses gets: {"detail": [{"type", "loc", "msg"}]}, nothing saved."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as Refused
from ninja.errors import ValidationError


@contextmanager
def refusals(where: str = "body"):
    try:
        yield
    except Refused as refused:
        problems = refused.message_dict if hasattr(refused, "error_dict") else {"__all__": refused.messages}
        raise ValidationError(
            [
                {"type": "value_error", "loc": [where, field], "msg": message}
                for field, messages in problems.items()
                for message in messages
            ]
        ) from None
