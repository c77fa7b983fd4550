"""Therapy's computed words in both languages: due dates, days ago and flag details take the
right plural for 0, 1, 2 and 5, and the Spanish never falls back to English."""

import datetime

import pytest
from django.utils import translation

from tandem.therapy import flags
from tandem.therapy.templatetags.therapy_tags import due_label

TODAY = datetime.date(2026, 8, 10)


@pytest.mark.parametrize(
    ("days_late", "english", "spanish"),
    [
        (1, "was due yesterday", "venció ayer"),
        (2, "was due 2 days ago", "venció hace 2 días"),
        (5, "was due 5 days ago", "venció hace 5 días"),
    ],
)
def test_late_homework_in_both_languages(days_late, english, spanish):
    due = TODAY - datetime.timedelta(days=days_late)
    with translation.override("en"):
        assert due_label(due, TODAY) == english
    with translation.override("es"):
        assert due_label(due, TODAY) == spanish


def test_due_soon_in_both_languages():
    with translation.override("es"):
        assert due_label(TODAY, TODAY) == "vence hoy"
        assert due_label(TODAY + datetime.timedelta(days=1), TODAY) == "vence mañana"
        assert due_label(TODAY + datetime.timedelta(days=9), TODAY) == "vence el 19 Ago"
    with translation.override("en"):
        assert due_label(TODAY + datetime.timedelta(days=9), TODAY) == "due 19 Aug"


@pytest.mark.parametrize(
    ("n", "english", "spanish"),
    [
        (0, "today", "hoy"),
        (1, "yesterday", "ayer"),
        (2, "2 days ago", "hace 2 días"),
        (5, "5 days ago", "hace 5 días"),
    ],
)
def test_days_ago(n, english, spanish):
    with translation.override("en"):
        assert flags.days_ago(n) == english
    with translation.override("es"):
        assert flags.days_ago(n) == spanish


@pytest.mark.parametrize(
    ("n", "english", "spanish"),
    [
        (1, "1 piece of homework past the due date.", "1 tarea pasada de fecha."),
        (2, "2 pieces of homework past the due date.", "2 tareas pasadas de fecha."),
        (5, "5 pieces of homework past the due date.", "5 tareas pasadas de fecha."),
    ],
)
def test_the_homework_flag_counts_in_both_languages(n, english, spanish):
    facts = flags.ClientFacts(today=TODAY, scopes={"homework"}, overdue_homework=n)
    with translation.override("en"):
        assert [f.detail for f in flags.compute(facts)] == [english]
    with translation.override("es"):
        found = flags.compute(facts)
        assert [f.detail for f in found] == [spanish]
        assert str(found[0].label) == "Tareas vencidas"
