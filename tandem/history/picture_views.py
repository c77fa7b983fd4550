"""The recovery picture's two pages: the owner's own, and another person's through the gate."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from tandem.accounts.models import User

from . import picture
from .forms import PictureForm


def _render(request, owner, access):
    form = PictureForm(request.GET or None)
    period = form.chosen()
    built = picture.build(request.user, owner, picture.period_weeks(period), access=access)
    context = {
        "picture": built,
        "form": PictureForm(initial={"period": period}),
        "period_words": picture.PERIODS[period][0],
        "min_weeks": picture.MIN_WEEKS_EACH_SIDE,
    }
    return render(request, "history/picture.html", context)


def my_picture(request):
    return _render(request, request.user, None)


def shared_picture(request, owner_id):
    owner = get_object_or_404(User, pk=owner_id, is_active=True)
    if owner.pk == request.user.pk:
        raise Http404
    access = picture.access_for(request.user, owner)
    if not access.linked:
        raise Http404
    return _render(request, owner, access)
