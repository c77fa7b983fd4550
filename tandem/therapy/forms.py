from django import forms


class InviteClientForm(forms.Form):
    email = forms.EmailField(
        label="Client's email (optional)",
        required=False,
        max_length=254,
        help_text="If you add it, we email them the link. Otherwise give it to them in session.",
    )
