"""A very small SVG writer, built on format_html: every attribute and every text is escaped.

Charts are built on the server (no script, no style attributes — CSP allows neither) and the
same markup goes into the page and, through WeasyPrint, into the PDF report. Every function
returns a SafeString made by format_html / format_html_join; plain strings handed in as
children are escaped, so a name someone typed can never become markup. Join pieces with
`join()`, not "".join() (which would drop the safe mark and escape the markup).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SVG_NS = "http://www.w3.org/2000/svg"


def _name(key: str) -> str:
    if key.endswith("_") and key != "_":
        key = key[:-1]
    return key.replace("_", "-")


def _value(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def join(parts) -> SafeString:
    """Concatenate markup pieces; any plain string among them is escaped."""
    return format_html_join("", "{}", ((part,) for part in parts if part))


def attrs(**kwargs) -> SafeString:
    return format_html_join(
        "", ' {}="{}"', ((_name(k), _value(v)) for k, v in kwargs.items() if v is not None and v is not False)
    )


def el(tag: str, *children, **kwargs) -> SafeString:
    inner = join(children)
    if not inner:
        return format_html("<{}{}/>", tag, attrs(**kwargs))
    return format_html("<{}{}>{}</{}>", tag, attrs(**kwargs), inner, tag)


def text(value) -> SafeString:
    return format_html("{}", str(value))


def text_el(x, y, value, **kwargs) -> SafeString:
    return format_html("<text{}>{}</text>", attrs(x=x, y=y, **kwargs), str(value))


def title(value) -> SafeString:
    return format_html("<title>{}</title>", str(value))


def document(view_width, view_height, title_text: str, desc_text: str, body, *, id_prefix: str, **kwargs) -> SafeString:
    """A complete <svg> with <title> and <desc>, labelled for assistive technology."""
    return format_html(
        '<svg xmlns="{}"{} role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        SVG_NS,
        attrs(viewBox=f"0 0 {_value(view_width)} {_value(view_height)}", **kwargs),
        id_prefix,
        id_prefix,
        id_prefix,
        title_text,
        id_prefix,
        desc_text,
        body,
    )


def shorten(value: str, limit: int) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def label(x, y, value, *, font_size=11, anchor="middle", pad=2, **kwargs) -> SafeString:
    """Text on a small background box (class "bg"), so lines passing behind it don't cross the words.

    WeasyPrint has no `paint-order`, so a halo made with a stroke would paint over the letters;
    a box works in the browser (CSS fills it with the page colour) and in the PDF alike.
    """
    value = str(value)
    weight = 0.62 if kwargs.get("font_weight") == "bold" else 0.57
    width = len(value) * font_size * weight + 2 * pad
    left = {"middle": x - width / 2, "start": x - pad, "end": x - width + pad}[anchor]
    box = el("rect", x=left, y=y - font_size + 1, width=width, height=font_size + 3, fill="#ffffff", class_="bg")
    return box + text_el(x, y, value, font_size=font_size, text_anchor=anchor, fill="currentColor", **kwargs)
