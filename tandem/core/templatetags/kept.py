"""{% kept %}: a fixed part of a template, rendered once per process for each language and the few
values it names, then reused on every page.

Every page's frame (base.html: the links in the head, the top bar with the crisis link and quick
exit, the footer) is the same for everyone who shares a language and a few facts (signed in or
not, the roles), yet it is about twenty {% url %}, {% static %} and {% translate %} tags a page:
a sixth of the minimal signed-in page's CPU (docs/scale.md, "What one request costs"). Wrapped in
{% kept %}, that part is rendered once for each combination of

- the active language, the URL configuration and script prefix, and the context's autoescape,
  localisation and time-zone flags;
- the values the tag names: `{% kept site_name signed_in=user.is_authenticated %}` (a bare name is
  the page's variable of that name, `name=expression` is evaluated on the page).

The body sees ONLY those values (a context of its own), never the page's: nothing of one person's
page can be kept and shown to another, and a variable the tag does not name renders empty, as a
missing one does. What changes on every request (the CSP nonce, the CSRF token) goes in
{% hole %}…{% endhole %} directly inside {% kept %}: rendered on each page, in the page's context.
A {% block %} inside {% kept %} is refused (a child template's block would never be seen). Kept
parts are forgotten when a setting changes (the tests' override_settings).
"""

from django import template
from django.core.signals import setting_changed
from django.db.models import Model
from django.template.base import Node, NodeList
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

_KEPT: dict[tuple, list] = {}
MAX_KEPT = 2000
"""A bound on what one process keeps (a page names a handful of combinations in practice)."""


def _forget(**kwargs) -> None:
    _KEPT.clear()


setting_changed.connect(_forget, dispatch_uid="tandem-kept-forget")


def _hashable(value):
    """The value as part of a key, with its type: `1 == True` prints differently, and a model
    instance compares by its primary key alone (a renamed person would keep their old name), so it
    is never a key (TypeError: the part is rendered on every page)."""
    if isinstance(value, Model):
        raise TypeError("a model instance is never part of a kept key")
    if isinstance(value, set):
        value = frozenset(value)
    elif isinstance(value, list):
        value = tuple(value)
    return type(value), value


class HoleNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist

    def render(self, context) -> str:
        return self.nodelist.render(context)


class KeptNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, values: list[tuple[str, object]]):
        self.nodelist = nodelist
        self.values = values
        self.token = object()  # this tag in this compiled template: part of every key
        self.segments: list[NodeList | HoleNode] = []
        run = NodeList()
        for node in nodelist:
            if isinstance(node, HoleNode):
                self.segments += [run, node]
                run = NodeList()
            else:
                run.append(node)
        self.segments.append(run)

    def render(self, context) -> str:
        values = [(name, expression.resolve(context)) for name, expression in self.values]
        key = (
            self.token,
            get_language(),
            get_urlconf(),
            get_script_prefix(),
            context.autoescape,
            context.use_l10n,
            context.use_tz,
        )
        try:
            key += tuple((name, _hashable(value)) for name, value in values)
            parts = _KEPT.get(key)
        except TypeError:  # a value that cannot be a key: rendered on every page
            key, parts = None, None
        if parts is None:
            own = Context(dict(values), autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz)
            own.template = context.template
            parts = [segment if isinstance(segment, HoleNode) else segment.render(own) for segment in self.segments]
            if key is not None and not context.template.engine.debug:  # DEBUG reloads templates: keep nothing
                if len(_KEPT) >= MAX_KEPT:
                    _KEPT.clear()
                _KEPT[key] = parts
        return "".join(part if isinstance(part, str) else part.render(context) for part in parts)


@register.tag
def kept(parser, token):
    bits = token.split_contents()[1:]
    values = []
    for bit in bits:
        name, equals, expression = bit.partition("=")
        if not name.isidentifier():
            raise template.TemplateSyntaxError(f"{{% kept %}} takes names and name=value pairs, not {bit!r}")
        values.append((name, parser.compile_filter(expression if equals else name)))
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside {% kept %}: it would never be overridden")
    holes = nodelist.get_nodes_by_type(HoleNode)
    if len(holes) != sum(isinstance(node, HoleNode) for node in nodelist):
        raise template.TemplateSyntaxError("{% hole %} must be directly inside {% kept %}, not in another tag")
    return KeptNode(nodelist, values)


@register.tag
def hole(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% hole %} takes no arguments")
    nodelist = parser.parse(("endhole",))
    parser.delete_first_token()
    return HoleNode(nodelist)
