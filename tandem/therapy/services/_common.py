"""Shared by the therapy services."""


class TherapyError(Exception):
    """A request we can't carry out; the message is shown to the person as it is."""


def one_per_line(text: str) -> list[str]:
    """The non-blank lines of a text box, stripped: objectives, interventions, prompts."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
