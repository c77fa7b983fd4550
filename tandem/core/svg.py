"""The one SVG builder: every chart in Tandem is drawn with these functions.

Charts are built on the server (no script, no style attributes — CSP allows neither) and the same
markup goes into the page and, through WeasyPrint, into the PDF report. Every attribute value and
every plain-string text or child is escaped with the standard library's `html.escape` (quotes
included) and only then marked safe — the one reviewed place where Python code marks markup safe
(see core/tests/test_pages.py). `format_html` per element cost a dashboard about a quarter of its
time, hence the hand-written escaping. Join pieces with `join()`, not "".join() (which would drop
the safe mark).
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

SVG_NS = "http://www.w3.org/2000/svg"


def number(value) -> str:
    """A number as a chart writes it: at most two decimals, no trailing zeros ("12", "3.5", "0.15")."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def points(pairs) -> str:
    """(x, y) pairs as a polyline's or a polygon's `points`."""
    return " ".join(f"{number(float(x))},{number(float(y))}" for x, y in pairs)


def _attribute(key: str) -> str:
    """`class_` → class, `stroke_width` → stroke-width; camelCase names (viewBox) stay as they are."""
    if key.endswith("_") and key != "_":
        key = key[:-1]
    return key.replace("_", "-")


def _escaped(part) -> str:
    return part if isinstance(part, SafeString) else escape(str(part), quote=False)


def join(parts) -> SafeString:
    """Concatenate markup pieces; any plain string among them is escaped; empty pieces are skipped."""
    return mark_safe("".join(_escaped(part) for part in parts if part))  # nosec B308 B703


def el(tag: str, *children, **attrs) -> SafeString:
    """<tag k="v" …>children</tag>; attributes that are None or False are left out. Tag and keys are ours."""
    rendered = "".join(
        f' {_attribute(key)}="{escape(number(value), quote=True)}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )
    inner = join(children)
    if not inner:
        return mark_safe(f"<{tag}{rendered}/>")  # nosec B308 B703 — values escaped above
    return mark_safe(f"<{tag}{rendered}>{inner}</{tag}>")  # nosec B308 B703


def text(x, y, value, **attrs) -> SafeString:
    return el("text", str(value), x=x, y=y, **attrs)


def title(value) -> SafeString:
    """The tooltip and accessible name of the shape it is put in."""
    return el("title", str(value))


def document(uid: str, view_width, view_height, title_text: str, desc_text: str, body, **attrs) -> SafeString:
    """A complete <svg> with its <title> and <desc>, labelled for assistive technology; `attrs` may
    give it a width (the view box's size is in the picture's own units)."""
    return el(
        "svg",
        el("title", title_text, id=f"{uid}-title"),
        el("desc", desc_text, id=f"{uid}-desc"),
        body,
        xmlns=SVG_NS,
        viewBox=f"0 0 {number(view_width)} {number(view_height)}",
        role="img",
        aria_labelledby=f"{uid}-title {uid}-desc",
        **attrs,
    )


def shorten(value: str, limit: int) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def label(x, y, value, *, font_size=11, anchor="middle", pad=2, **attrs) -> SafeString:
    """Text on a small background box (class "bg"), so lines passing behind it don't cross the words.

    WeasyPrint has no `paint-order`, so a halo made with a stroke would paint over the letters;
    a box works in the browser (CSS fills it with the page colour) and in the PDF alike.
    """
    value = str(value)
    weight = 0.62 if attrs.get("font_weight") == "bold" else 0.57
    width = len(value) * font_size * weight + 2 * pad
    left = {"middle": x - width / 2, "start": x - pad, "end": x - width + pad}[anchor]
    box = el("rect", x=left, y=y - font_size + 1, width=width, height=font_size + 3, fill="#ffffff", class_="bg")
    return box + text(x, y, value, font_size=font_size, text_anchor=anchor, fill="currentColor", **attrs)
