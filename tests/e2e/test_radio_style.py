"""One radio style: every radio group on every page is the same fieldset of full-width rows
(core/_radio_group.html, .radio-group in tandem.css). On a phone, the check-in, a questionnaire,
the urge log and the partner's check-in draw their options with the same computed style, each
row at least 44 px tall and as wide as its group; the chosen row shows more than a colour. A 0-10
scale draws the same options as tiles, six to a line on a phone."""

import pytest

from tandem.recovery.tests.conftest import make_program
from tests.support.world import build_world

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)

STYLE = ["minHeight", "paddingTop", "paddingLeft", "borderTopWidth", "borderTopStyle", "borderRadius", "display"]

MEASURE = """(keys) => {
  const rows = [...document.querySelectorAll('fieldset.radio-group .radio-option')]
    .filter((row) => row.getClientRects().length > 0);
  return rows.map((row) => {
    const style = getComputedStyle(row);
    const box = row.getBoundingClientRect();
    const group = row.closest('.radio-options').getBoundingClientRect();
    return {
      style: Object.fromEntries(keys.map((k) => [k, style[k]])),
      height: box.height, width: box.width, groupWidth: group.width,
      legend: !!row.closest('fieldset').querySelector(':scope > legend'),
      labelled: row.querySelector('input[type=radio]').labels.length === 1,
      scale: !!row.closest('.radio-scale'), top: box.top,
    };
  });
}"""


def rows_on(page, path: str) -> list[dict]:
    page.goto(path)
    check_page(page)
    rows = page.evaluate(MEASURE, STYLE)
    assert rows, f"no radio rows on {path}"
    # no radio is drawn any other way on the page
    assert page.locator("input[type=radio]").count() == page.locator(".radio-option input[type=radio]").count()
    for row in rows:
        assert row["height"] >= 44, (path, row)
        assert row["legend"], (path, row)
        assert row["labelled"], (path, row)
        if row["scale"]:
            assert row["width"] >= 44, (path, row)
        else:
            assert abs(row["width"] - row["groupWidth"]) < 1, (path, row)  # a full-width row on a phone
    return rows


def styles_of(rows, scale: bool) -> set:
    return {tuple(sorted(r["style"].items())) for r in rows if r["scale"] == scale}


def check_scale(rows, path: str):
    """A 0-10 scale on a phone: eleven tiles, 0-5 on one line and 6-10 on the next."""
    tiles = [r for r in rows if r["scale"]][:11]
    assert len(tiles) == 11, (path, len(tiles))
    assert len({round(t["top"]) for t in tiles[:6]}) == 1, path
    assert len({round(t["top"]) for t in tiles[6:]}) == 1, path
    assert tiles[6]["top"] > tiles[0]["top"], path


def test_every_radio_group_looks_the_same(phone_page, site):
    page = phone_page
    world = build_world()
    make_program(world.owner)
    login(page, site, world.owner)
    styles, tiles = {}, {}
    for path in ("/checkin/", "/questionnaires/take/phq9/", "/pause/log/"):
        rows = rows_on(page, f"{site}{path}")
        styles[path] = styles_of(rows, scale=False)
        assert len(styles[path]) == 1, (path, styles[path])
        if path != "/questionnaires/take/phq9/":
            check_scale(rows, path)
            tiles[path] = styles_of(rows, scale=True)
            assert len(tiles[path]) == 1, (path, tiles[path])

    # The chosen row: a thicker border, bold words and a tick, not colour alone.
    page.goto(f"{site}/checkin/")
    row = page.locator(".radio-option").first
    before = row.evaluate("r => [getComputedStyle(r).fontWeight, getComputedStyle(r).boxShadow]")
    row.click()
    after = row.evaluate(
        "r => [getComputedStyle(r).fontWeight, getComputedStyle(r).boxShadow, getComputedStyle(r, '::after').content]"
    )
    assert row.locator("input").is_checked()
    assert after[0] == "700"
    assert before[0] == "400"
    assert after[1] != before[1]
    assert "inset" in after[1]
    assert "✓" in after[2]
    # The focus ring is on the whole row.
    page.keyboard.press("ArrowDown")
    focused = page.locator(".radio-option:has(input:focus-visible)")
    assert focused.count() == 1
    assert focused.evaluate("r => getComputedStyle(r).outlineStyle") == "solid"

    page.context.clear_cookies()
    login(page, site, world.partner)
    rows = rows_on(page, f"{site}/partner/checkin/")
    styles["/partner/checkin/"] = styles_of(rows, scale=False)
    check_scale(rows, "/partner/checkin/")
    tiles["/partner/checkin/"] = styles_of(rows, scale=True)
    assert len({frozenset(s) for s in styles.values()}) == 1, styles
    assert len({frozenset(s) for s in tiles.values()}) == 1, tiles
