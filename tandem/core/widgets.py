"""Widgets shared by every app's forms."""

from django import forms


class ScaleRadio(forms.RadioSelect):
    """A 0-10 scale: the one radio style (core/_radio_group.html), its options laid out as a row
    of tiles (six to a line on a phone) instead of eleven full-width rows."""

    is_scale = True
