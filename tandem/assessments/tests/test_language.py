"""Questionnaires in another language: the validated items stay exactly in English (no official
Spanish text is at hand), inside lang="en" so screen readers read them right; everything around
them is in the page's language, with one line saying why the questionnaire is in English."""

from html.parser import HTMLParser

import pytest

from tandem.assessments import definitions, own_words

from .helpers import complete

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LangText(HTMLParser):
    """Text of the page, split into what sits inside a lang="en" element and what does not."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.english: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        inside = bool(self.stack and self.stack[-1])
        lang = dict(attrs).get("lang")
        self.stack.append(lang == "en" if lang is not None and tag != "html" else inside)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            (self.english if self.stack and self.stack[-1] else self.other).append(text)


def parse(page: str) -> LangText:
    parser = LangText()
    parser.feed(page)
    return parser


NOTE_ES = "Este cuestionario está en inglés"


@pytest.mark.parametrize("key", ["phq9", "gad7", "pcl5"])
def test_in_spanish_the_items_stay_english_inside_lang_en_with_a_note_and_spanish_chrome(world, key):
    instrument = definitions.builtin(key)
    response = world.client_for("owner").get(f"/questionnaires/take/{key}/", HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert '<html lang="es"' in page
    text = parse(page)
    english = " ".join(text.english)
    for item in instrument.items:
        assert item["text"] in english, item["id"]
        for option in item["options"]:
            assert option["label"] in english
    assert instrument.data["stem"] in english
    assert not any(item["text"] in chunk for chunk in text.other for item in instrument.items)
    other = " ".join(text.other)
    assert NOTE_ES in other
    assert "Guardar y terminar más tarde" in other
    assert "Ver mi resultado" in other
    assert "Save and finish later" not in page
    assert "See my result" not in page


def test_in_english_there_is_no_note(world):
    page = world.client_for("owner").get("/questionnaires/take/phq9/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="english-only"' not in page
    assert NOTE_ES not in page
    assert "Save and finish later" in page
    assert 'lang="en"' in page


def test_the_result_page_carries_the_note_in_spanish_only(world):
    client = world.client_for("owner")
    response = complete(world.owner, "phq9", 0)
    spanish = client.get(f"/questionnaires/results/{response.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get(f"/questionnaires/results/{response.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert NOTE_ES in spanish
    assert "Volver a los cuestionarios" in spanish
    assert 'id="english-only"' not in english


def our_own_words(data: dict) -> list[str]:
    found = [data.get(field) for field in own_words.FIELDS]
    found += [band.get("meaning") for band in data.get("bands", [])]
    cutoff = data.get("cutoff") or {}
    found += [cutoff.get("label"), cutoff.get("meaning"), cutoff.get("why")]
    found.append((data.get("scoring", {}).get("reliable_change") or {}).get("note"))
    found += [rule.get("message") for rule in data.get("safety_rules", [])]
    found += [item.get("note") for item in data.get("unscored_items", [])]
    return [text for text in found if text]


@pytest.mark.parametrize("key", ["phq9", "gad7", "pcl5"])
def test_every_text_of_our_own_in_a_shipped_definition_is_in_the_catalogue_list(key):
    missing = [text for text in our_own_words(definitions.builtin(key).data) if text not in own_words.TEXTS]
    assert not missing, "add these to tandem/assessments/own_words.py and make messages:\n" + "\n".join(missing)


def test_our_own_words_are_spanish_but_the_instrument_stays_english(world):
    response = complete(world.owner, "phq9", 0)
    page = world.client_for("owner").get(f"/questionnaires/results/{response.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    text = parse(page.content.decode())
    other = " ".join(text.other)
    assert "Pocas o ninguna señal de depresión en las últimas dos semanas." in other
    assert "Few or no signs of depression" not in page.content.decode()
    assert own_words.own("Something a practice wrote") == "Something a practice wrote"
