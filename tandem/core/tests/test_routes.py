"""Project-wide invariants: every route is public or in the access table; no pending migrations."""

from io import StringIO

from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tandem.core.routes import PUBLIC_ROUTES, all_routes
from tests.support.matrix import special_rules, url_builders


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def all_route_names() -> set[str]:
    return set(walk(get_resolver().url_patterns))


def test_every_route_is_public_or_in_the_access_table():
    described = set(all_routes())
    missing = sorted(all_route_names() - PUBLIC_ROUTES - described)
    assert missing == [], f"routes with no access rule: {missing}"


def test_the_access_table_names_no_route_that_does_not_exist():
    stale = sorted(set(all_routes()) - all_route_names())
    assert stale == []


def test_no_route_is_both_public_and_restricted():
    assert PUBLIC_ROUTES & set(all_routes()) == set()


def test_every_route_whose_url_needs_arguments_has_a_url_builder():
    """The role matrix reaches such a route only through its builder in <app>/tests/routes.py."""

    def needs_arguments(name):
        try:
            reverse(name)
        except NoReverseMatch:
            return True
        return False

    missing = sorted(name for name in all_routes() if needs_arguments(name) and name not in url_builders())
    assert missing == [], f"routes with no URL builder in <app>/tests/routes.py: {missing}"


def test_url_builders_and_special_rules_name_described_routes():
    stale = sorted((set(url_builders()) | set(special_rules())) - set(all_routes()))
    assert stale == []


def test_public_routes_really_are_public(client, db):
    from django.urls import reverse

    keyed = {"account_confirm_email": ["not-a-key"], "account_reset_password_from_key": ["0", "not-a-key"]}
    tokened = {"invitation_landing", "staff_invitation", "calendar_feed"}  # need a real token; their own tests
    for name in sorted(PUBLIC_ROUTES & all_route_names() - tokened):
        url = reverse(name, args=keyed.get(name, ()))
        response = client.get(url)
        assert response.status_code in (200, 302, 405), (name, response.status_code)


def test_migrations_are_in_step_with_models(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_no_url_reveals_what_the_site_is_for():
    from tandem.core.tests.test_pages import REVEALING

    def paths(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from paths(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    def says_too_much(path: str) -> bool:
        # "recovery codes" are allauth's two-step backup codes, words any site uses.
        return bool(REVEALING.search(path.replace("_", " ").replace("recovery-codes", "")))

    revealing = sorted(p for p in paths(get_resolver().url_patterns) if says_too_much(p))
    assert revealing == [], f"URLs that say too much: {revealing}"
