"""Crisis help in the reader's language: Tandem's own default lines are translated; a
deployment's own text is shown as it was written."""

from django.test import Client, override_settings
from django.urls import reverse


def _crisis_page(language: str) -> str:
    return Client(HTTP_ACCEPT_LANGUAGE=language).get(reverse("crisis")).content.decode()


def test_the_default_crisis_and_violence_lines_are_said_in_spanish(db):
    page = _crisis_page("es")
    assert "llama o envía un mensaje de texto al 988" in page
    assert "Violencia doméstica: en EE. UU., llama al 1-800-799-7233" in page
    assert "call or text 988" not in page
    english = _crisis_page("en")
    assert "In the US, call or text 988 (Suicide &amp; Crisis Lifeline)" in english
    assert "Domestic violence: in the US, call 1-800-799-7233" in english


@override_settings(TANDEM_CRISIS_TEXT="Llama al 024 (línea local).", TANDEM_DV_TEXT="Violence: call 016.")
def test_a_deployments_own_lines_are_shown_as_written_in_every_language(db):
    for language in ("en", "es"):
        page = _crisis_page(language)
        assert "Llama al 024 (línea local)." in page
        assert "Violence: call 016." in page
