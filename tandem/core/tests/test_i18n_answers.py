"""The Spanish run, on the pages that answer: every POST form on every page a persona can reach,
submitted in Spanish as a person might get it wrong (left empty; filled with what fits no field),
and the page that comes back — the form with its errors, or where a redirect leads with its
message — may show none of our English text. Also the error pages (not found, forbidden).

The page run (test_i18n_spanish.py) sees only what a GET shows: error messages, "Saved" notes and
the other answers to a form are seen only here.
"""

import pytest
from django.test import Client

from tests.support.forms import SKIP_ACTIONS, forms_on
from tests.support.i18n import (
    client_in,
    data_texts,
    english_left_on_pages,
    pages_by_app,
    visible_texts,
    visit,
)
from tests.support.world import PERSONAS

PAGES = pages_by_app()
VISITORS = ("anonymous", *(persona for persona in PERSONAS if not persona.startswith("other_")))
WRONG = "¿?"
"""A value no field of ours accepts as a date, a time, a number, an email or a choice."""


@pytest.fixture
def world(module_world):
    return module_world


def _submissions(form: dict) -> list[dict]:
    token = {name: value for name, value in form["fields"].items() if name == "csrfmiddlewaretoken"}
    empty = {**token, **{name: "" for name in form["fields"] if name not in token}}
    wrong = {**token, **{name: WRONG for name in form["fields"] if name not in token}}
    wrong.update({name: "not-a-choice" for name in form["choices"]})
    return [empty, wrong]


def _forms(world, persona: str) -> list[tuple[str, str, Client, dict]]:
    """(page name, url, the persona's client, form) for every form on every page `persona` reaches."""
    found = []
    for app in sorted(PAGES):
        for name, url, response in visit(world, PAGES[app], persona, "es"):
            for form in forms_on(response.content.decode()):
                action = form["action"] or url
                if not any(action.startswith(skip) for skip in SKIP_ACTIONS):
                    found.append((name, action, response.client, form))
    return found


def _answers(forms):
    """(what was sent, the page it answered) for each form, sent each way."""
    for name, action, client, form in forms:
        for data in _submissions(form):
            answer = client.post(action, data, follow=True)
            assert answer.status_code < 500, f"{name} → POST {action} answered {answer.status_code}"
            if answer.get("Content-Type", "").startswith("text/html"):
                yield f"{name} → POST {action}", answer


@pytest.mark.parametrize("persona", VISITORS)
def test_the_answer_to_every_form_is_in_spanish(sources, shapes, world, persona):
    shown, wrong_lang, posted = [], [], 0
    forms = _forms(world, persona)
    data_before = set(data_texts())  # a form may delete what the page it answers names
    for where, answer in _answers(forms):
        posted += 1
        texts, lang = visible_texts(answer.content.decode())
        if lang != "es":
            wrong_lang.append(f"{where}: <html lang={lang!r}>")
        shown.append((where, answer.request["PATH_INFO"], texts))
    reached = {"anonymous": 5, "owner": 80, "therapist": 35}.get(persona, 20)
    assert len(forms) >= reached, f"{persona} reached only {len(forms)} forms: the run no longer finds them"
    assert posted >= len(forms), f"{persona}: {posted} HTML answers to {len(forms)} forms sent twice each"
    assert not wrong_lang, "answers not in Spanish:\n  " + "\n  ".join(wrong_lang)
    leaks = english_left_on_pages(shown, sources, shapes, data_before)
    assert not leaks, (
        f"{len(leaks)} text(s) in the answers to {persona}'s forms, in Spanish, still in English; "
        "the text, then where:\n  "
        + "\n  ".join(f"{text}\n      after {', '.join(where)}" for text, where in leaks.items())
    )


@pytest.mark.parametrize("persona", ["anonymous", "owner"])
def test_the_error_pages_are_in_spanish(sources, shapes, world, persona):
    client = client_in(world, persona, "es")
    not_found = client.get("/no-such-page-here/")
    someone_elses = client.get(f"/picture/of/{world.other_client.pk}/")
    forbidden = client_in(world, persona, "es", enforce_csrf_checks=True).post("/account/login/", {})

    assert not_found.status_code == 404
    assert forbidden.status_code == 403
    answers = [("not found", not_found), ("forbidden (no CSRF token)", forbidden)]
    if persona == "owner":
        assert someone_elses.status_code == 404
        answers.append(("someone else's picture", someone_elses))
    shown = []
    for name, answer in answers:
        texts, lang = visible_texts(answer.content.decode())
        assert lang == "es", f"{name}: <html lang={lang!r}>"
        assert texts, f"{name}: an empty page"
        shown.append((name, answer.request["PATH_INFO"], texts))
    leaks = english_left_on_pages(shown, sources, shapes)
    assert not leaks, "\n".join(f"{text} on {where}" for text, where in leaks.items())
