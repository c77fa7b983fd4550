"""Step work speaks in Tandem's own words, links to the fellowships for theirs, and warns before amends."""

import re

import pytest

from tandem.fellowship import programs, steps

pytestmark = pytest.mark.django_db

# Word strings from the published Twelve Steps and the best-known daily-review questions. None of them
# may appear in a theme, summary or prompt: Tandem describes each step as a theme in its own words.
PUBLISHED_WORDING = (
    "restore me to sanity",
    "restore us to sanity",
    "will and my life",
    "will and life over",
    "will and our lives",
    "as i understand",
    "as we understood",
    "searching",
    "fearless",
    "exact nature",
    "defects of character",
    "character defects",
    "remove my shortcomings",
    "remove our shortcomings",
    "made a list",
    "make amends to them all",
    "direct amends",
    "wherever possible",
    "except when",
    "would injure them",
    "personal inventory",
    "promptly admit",
    "conscious contact",
    "prayer and meditation",
    "spiritual awakening",
    "carry the message",
    "carrying the message",
    "in all my affairs",
    "in all our affairs",
    "resentful, selfish, dishonest",
    "owe an apology",
    "to myself, my higher power and another",
)


def _texts():
    for step in steps.STEPS:
        yield f"step {step.number} theme", step.theme
        yield f"step {step.number} summary", step.summary
        yield f"step {step.number} secular summary", step.secular_summary
        for prompt in step.prompts:
            yield f"prompt {prompt.key}", prompt.text
            yield f"prompt {prompt.key} (secular)", prompt.secular


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'"))


def test_no_theme_summary_or_prompt_uses_the_fellowships_published_wording():
    found = [
        (where, phrase) for where, text in _texts() for phrase in PUBLISHED_WORDING if text and phrase in _plain(text)
    ]
    assert found == []


def test_every_step_page_links_to_the_fellowships_for_their_own_texts(world):
    client = world.client_for("owner")
    for number in (2, 3, 6, 7, 8, 9, 10, 11, 12):
        page = client.get(f"/steps/{number}/").content.decode()
        for _name, url in programs.FELLOWSHIP_SITES:
            assert f'href="{url}"' in page, (number, url)


@pytest.mark.parametrize("number", [8, 9])
def test_amends_steps_warn_never_to_contact_victims_or_affair_partners_without_the_therapist(world, number):
    assert steps.get(number).caution == steps.AMENDS_CAUTION
    caution = steps.AMENDS_CAUTION.lower()
    assert "illegal behaviour" in caution
    assert "affair partner" in caution
    assert "without your therapist" in caution
    owner_page = world.client_for("owner").get(f"/steps/{number}/").content.decode()
    sponsor_page = world.client_for("sponsor").get(f"/sponsees/{world.owner.pk}/steps/{number}/").content.decode()
    for page in (owner_page, sponsor_page):
        assert "Never contact someone harmed by illegal behaviour, or an affair partner" in page
    other = world.client_for("owner").get("/steps/4/").content.decode()
    assert "Never contact someone harmed" not in other
