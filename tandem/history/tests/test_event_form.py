"""The life event form's checks of when something happened: each message, on its field, in order."""

import datetime

import pytest

from tandem.history.forms import LifeEventForm

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
BORN_AFTER = (
    "That's before the year you were born (1980). Please check the year, or your birth year on the timeline page."
)
NOT_YET_46 = "You haven't reached that age yet (you're about 46)."


def _errors(data: dict, birth_year: int | None = None) -> list:
    form = LifeEventForm(
        {"title": "Something", "kind": "family", "rating": "0", **data}, birth_year=birth_year, today=TODAY
    )
    form.is_valid()
    return [(field, list(messages)) for field, messages in form.errors.items()]


@pytest.mark.parametrize(
    ("data", "birth_year", "expected"),
    [
        ({}, None, [("__all__", ["Please give a date, or your age at the time — roughly is fine."])]),
        (
            {"date_to": "2000-01-01"},
            None,
            [("__all__", ["Please give when it started (a date or an age), not only when it ended."])],
        ),
        (
            {"date_from": "1850-01-01", "date_to": "2030-01-01"},
            None,
            [
                ("date_from", ["Please give a date after 1900."]),
                ("date_to", ["That date hasn't come yet. The timeline is for what has already happened."]),
            ],
        ),
        (
            {"date_to": "2000-01-01", "age_from": "5"},
            None,
            [("date_to", ["Please give the start date too, or leave the end date empty."])],
        ),
        (
            {"age_from": "5", "age_to": "3"},
            None,
            [("age_to", ["The end age is lower than the start age. Please check them."])],
        ),
        (
            {"date_from": "2000-01-01", "age_to": "50"},
            1980,
            [("age_to", ["Please give the start age too, or leave the end age empty.", NOT_YET_46])],
        ),
        (
            {"date_from": "1975-01-01", "date_to": "1970-01-01", "age_from": "70", "age_to": "60"},
            1980,
            [
                ("date_from", [BORN_AFTER]),
                ("date_to", [BORN_AFTER, "The end is before the start. Please check the dates."]),
                ("age_to", ["The end age is lower than the start age. Please check them.", NOT_YET_46]),
                (
                    "age_from",
                    [
                        NOT_YET_46,
                        "The date and the age don't match: in 1975 you were about -5. "
                        "Please give one of them, or check both.",
                    ],
                ),
            ],
        ),
        ({"date_from": "1990-06-01", "age_from": "11"}, 1980, []),
        # A field already refused: the checks of when wait until it is fixed.
        ({"rating": "9"}, None, [("rating", ["Select a valid choice. 9 is not one of the available choices."])]),
    ],
)
def test_the_checks_of_when_something_happened(data, birth_year, expected):
    assert _errors(data, birth_year) == expected
