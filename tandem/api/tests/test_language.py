"""The API's words for people: the tokens page in the reader's language; JSON errors in the
language the caller asks for (Accept-Language), English for a tool that asks for none."""

from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User


def test_json_errors_speak_the_caller_s_language_and_english_by_default(db):
    assert Client().get("/api/v1/no-such-thing/").json() == {"detail": "Not found."}
    assert Client(HTTP_ACCEPT_LANGUAGE="es").get("/api/v1/no-such-thing/").json() == {"detail": "No encontrado."}
    assert Client(HTTP_ACCEPT_LANGUAGE="xx").get("/api/v1/no-such-thing/").json() == {"detail": "Not found."}


def test_the_tokens_page_is_in_the_person_s_language(world):
    User.objects.filter(pk=world.owner.pk).update(language="es")
    page = world.client_for("owner").get(reverse("api_tokens")).content.decode()
    assert "<h1>Tokens de acceso</h1>" in page
    assert "Leer mis registros del día, impulsos, deslices, círculos e hitos" in page


def test_dates_on_the_page_follow_the_person_s_language(world):
    import datetime

    from tandem.api.models import ApiToken

    expires = datetime.datetime(2026, 12, 5, 12, 0, tzinfo=datetime.UTC)
    ApiToken.issue(world.owner, name="hoja", scopes=["recovery:read"], expires_at=expires)
    english = world.client_for("owner").get(reverse("api_tokens")).content.decode()
    assert "5 Dec 2026" in english
    User.objects.filter(pk=world.owner.pk).update(language="es")
    spanish = world.client_for("owner").get(reverse("api_tokens")).content.decode()
    assert "5 Dic 2026" in spanish
    assert "5 Dec 2026" not in spanish
