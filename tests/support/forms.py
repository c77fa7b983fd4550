"""The POST forms on a page, as a person's browser would submit them (the form-fuzz and Spanish
answers tests)."""

from html.parser import HTMLParser

SKIP_ACTIONS = ("/exit/", "/lock/", "/account/logout/", "/me/delete/")
"""Forms a test does not submit: they end the session or the account."""


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "fields": {}, "choices": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select") and attrs.get("name"):
            name = attrs["name"]
            if attrs.get("type") in ("radio", "checkbox"):
                self._current["choices"].setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self._current["fields"][name] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_on(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms
