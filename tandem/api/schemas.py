"""Shared pieces of the API's schemas."""

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt


class StrictIn(Schema):
    """A request body: unknown fields are refused (422), never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    """Every error answer: {"detail": "..."} (a list of problems for a 422)."""

    detail: str | list


class Page(Schema):
    """A page of a list: `next` is the URL of the following page, or null on the last one."""

    next: str | None


MAX_ID = 2**62
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
"""An object's id in a request: a whole number the database can hold (a bool is not one)."""
