"""The recovery picture in Spanish: the computed sentences are whole sentences with named
placeholders (never pieced together word for word), they still never claim a cause, and their
counts take the right plural in both languages."""

import datetime

import pytest
import time_machine
from django.utils import translation

from tandem.history import picture

from .test_picture import NOW, _weeks_of, page_text, url_for


def test_the_owner_reads_the_sentence_in_spanish(world):
    with time_machine.travel(NOW, tick=False):
        first = picture.window_for(world.owner, 12).first
        _weeks_of(world, first, [(3, 6)] * 4 + [(1, 10)] * 4)
        text = page_text(world.client_for("owner").get("/picture/", HTTP_ACCEPT_LANGUAGE="es"))
    assert (
        "En las semanas con tres o más reuniones, tu puntuación de PHQ-9 estuvo en promedio 4 puntos por debajo "
        "de las semanas con menos." in text
    )
    assert "4 semanas con tres o más reuniones (promedio 6) y 4 semanas con menos (promedio 10)." in text
    assert "no una que cause la otra" in text
    assert "In the weeks with" not in text


def test_the_therapist_reads_it_in_the_third_person_in_spanish(world):
    with time_machine.travel(NOW, tick=False):
        first = picture.window_for(world.owner, 12).first
        _weeks_of(world, first, [(3, 6)] * 4 + [(1, 10)] * 4)
        text = page_text(world.client_for("therapist").get(url_for(world, "therapist"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "la puntuación de PHQ-9 de Robin estuvo en promedio 4 puntos por debajo" in text
    assert "tu puntuación" not in text


@pytest.mark.parametrize(
    ("n", "english", "spanish"),
    [(0, "0 weeks", "0 semanas"), (1, "1 week", "1 semana"), (2, "2 weeks", "2 semanas"), (5, "5 weeks", "5 semanas")],
)
def test_weeks_are_counted_in_both_languages(n, english, spanish):
    with translation.override("en"):
        assert picture._weeks(n) == english
    with translation.override("es"):
        assert picture._weeks(n) == spanish


def test_the_table_dates_follow_the_language():
    day = datetime.date(2026, 1, 5)
    with translation.override("en"):
        assert picture._day(day, "j M Y") == "5 Jan 2026"
    with translation.override("es"):
        assert picture._day(day, "j M Y") == "5 Ene 2026"


def test_decimals_take_the_readers_mark():
    with translation.override("en"):
        assert picture._number(3.5) == "3.5"
    with translation.override("es"):
        assert picture._number(3.5) == "3,5"
        assert picture._number(4) == "4"
