"""Meeting files fuzzed for size, encoding and structure: the parser either returns what it could
read (with every rejection reported) or raises FeedError with a clear message — nothing else."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.fellowship import feeds
from tandem.fellowship.feeds import FeedError

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True), st.text(max_size=40)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
KEYS = ["name", "slug", "day", "time", "end_time", "timezone", "types", "latitude", "longitude", "address",
        "formatted_address", "conference_url", "conference_phone", "approximate", "location", "region"]  # fmt: skip
entries = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)
documents = st.one_of(st.lists(entries, max_size=6), values)


def parse(raw: bytes, name: str = "feed.json"):
    return feeds.parse(raw, program="SAA", default_time_zone="America/New_York", name=name, limit=200_000)


def read_or_refusal(raw: bytes, name: str = "feed.json"):
    """Either outcome is fine for hostile input: (what was read, "") or (None, the refusal's words)."""
    try:
        return parse(raw, name), ""
    except FeedError as error:
        return None, str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_json_structure_is_read_or_refused_clearly(document):
    raw = json.dumps(document).encode()
    parsed, refusal = read_or_refusal(raw)
    if parsed is None:
        assert refusal
        return
    # What was read is usable; what was not is reported with where, which field and why.
    for problem in parsed.rejections:
        report = problem.as_dict()
        assert report["where"]
        assert report["reason"]
    for row in parsed.rows:
        assert row["name"]
        assert row["slug"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["feed.json", "feed.csv", "feed"]))
def test_any_bytes_are_read_or_refused_clearly(raw, name):
    parsed, refusal = read_or_refusal(raw, name)
    assert parsed is not None or refusal


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"]), st.text(max_size=30))
def test_encodings_are_handled(encoding, meeting_name):
    document = [{"name": meeting_name or "A", "slug": "a", "day": 1, "time": "19:00"}]
    try:
        raw = json.dumps(document, ensure_ascii=False).encode(encoding)
    except UnicodeEncodeError:
        return
    parsed, refusal = read_or_refusal(raw)
    assert parsed is not None or refusal


def test_an_oversized_document_is_refused_before_parsing():
    raw = b"[" + b'{"name": "x", "slug": "y"},' * 20_000 + b"{}]"
    with pytest.raises(FeedError, match="larger than the limit"):
        parse(raw)
