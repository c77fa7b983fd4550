"""A fast, escaping builder for SVG elements.

Charts draw hundreds of small elements per page; `format_html` per element cost a dashboard
about a quarter of its time. Here every attribute value and text is escaped with the standard
library's `html.escape` (quotes included) and only then marked safe — the one reviewed place
where Python code marks markup safe (see core/tests/test_pages.py).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe


def element(tag: str, attrs: dict, text=None) -> SafeString:
    """<tag k="v" …>text</tag>, with every value and the text escaped; tag and keys are ours."""
    rendered = "".join(f' {key}="{escape(str(value), quote=True)}"' for key, value in attrs.items())
    if text is None:
        return mark_safe(f"<{tag}{rendered}/>")  # noqa: S308 — values escaped above  # nosec B308 B703
    body = text if isinstance(text, SafeString) else escape(str(text), quote=False)
    return mark_safe(f"<{tag}{rendered}>{body}</{tag}>")  # noqa: S308  # nosec B308 B703
