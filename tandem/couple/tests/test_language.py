"""The couple pages in Spanish: the partner's room and FANOS read in Spanish, FANOS keeps its
letters (each default word shows its English word beside it, since the letters spell FANOS), and a
practice's own FANOS wording stays as written."""

from django.urls import reverse
from django.utils import translation

from tandem.couple.policy import fanos_steps
from tests.support.world import page_text


def test_the_partners_room_in_spanish(world):
    body = page_text(world.client_for("partner").get(reverse("partner_home"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "Este espacio es tuyo." in body
    assert "Tu propio apoyo" in body
    assert "This space is yours." not in body


def test_fanos_keeps_its_letters_and_explains_them_in_spanish(world):
    body = page_text(world.client_for("partner").get(reverse("fanos"), HTTP_ACCEPT_LANGUAGE="es"))
    assert "F — Emociones (Feelings)" in body
    assert "Preparar el FANOS" in body
    english = page_text(world.client_for("partner").get(reverse("fanos"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "F — Feelings" in english


def test_a_practices_own_fanos_wording_stays_as_written():
    own = [{"letter": "F", "word": "Gefühle", "prompt": "Wie geht es dir?"}]
    with translation.override("es"):
        steps = fanos_steps(own, as_partner=False)
        defaults = fanos_steps(None, as_partner=True)
    assert (steps[0].word, steps[0].prompt) == ("Gefühle", "Wie geht es dir?")
    assert defaults[-1].word == "Autocuidado (Self-care)"
