"""What other apps may ask of accounts: the language a person reads in (docs/i18n.md)."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from .models import User


def supported_language(code) -> str:
    """`code` if it is one of settings.LANGUAGES (or a variant of one: "es-MX" → "es"), else ""."""
    if not code or not isinstance(code, str):
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except (LookupError, ValueError):  # not a language this site speaks, or not a code at all
        return ""


def chosen_language(person) -> str:
    """The language `person` chose on their account, if this site speaks it; else "".
    `person` may be a User, an email address (the account that has it, if any) or None."""
    if isinstance(person, str):
        person = User.objects.filter(email__iexact=person.strip()).only("language").first()
    return supported_language(getattr(person, "language", ""))


def language_of(person) -> str:
    """The language to write to `person` in when they are not reading a page: their account's
    choice, or the site's default (English) when they follow their browser, when the stored code
    is not one this site speaks, or for an address with no account yet."""
    return chosen_language(person) or settings.LANGUAGE_CODE


@contextmanager
def speaking(person):
    """Everything translated inside speaks `person`'s language: an email, a reminder or a push
    to them, whoever sends it (a therapist reading in English, the worker with no language).
    `person`: a User, an email address, or None (see language_of)."""
    with translation.override(language_of(person)):
        yield


def person(pk):
    """The person with this id, or None."""
    return User.objects.filter(pk=pk).first()


def read_in_their_language(request, person) -> None:
    """A signed-out page about one person (a reminder email's stop link) speaks the language
    they chose; with none chosen it stays in the browser's."""
    chosen = chosen_language(person)
    if chosen:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
