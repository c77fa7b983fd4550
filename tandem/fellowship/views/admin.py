"""Meeting feeds, for a practice admin: add one (a web address or a file), refresh, upload again."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.security import mfa_required, role_required
from tandem.sharing.models import audit

from .. import importer
from ..feeds import FeedError
from ..forms import FeedForm, UploadForm
from ..models import Feed


def _read_upload(upload) -> bytes:
    upload.seek(0)
    return upload.read()


@role_required("practice_admin")
@mfa_required
def feeds_admin(request):
    form = FeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["url"]:
                raw, kind = importer.fetch(data["url"])
                name, source = "", data["url"]
            else:
                raw, kind = _read_upload(data["file"]), ""
                name = source = data["file"].name
            with transaction.atomic():
                feed = Feed.objects.create(
                    name=data["name"],
                    program=data["program"],
                    url=data["url"],
                    default_time_zone=data["default_time_zone"],
                    created_by=request.user,
                )
                run = importer.import_bytes(feed, raw, name=name, kind=kind, actor=request.user, source=source)
        except FeedError as error:
            form.add_error(None, str(error))
        else:
            audit("fellowship.feed_added", actor=request.user, feed=feed.pk, name=feed.name)
            messages.success(
                request, _("%(name)s added. %(summary)s.") % {"name": feed.name, "summary": importer.describe(run)}
            )
            return redirect("feed_detail", feed.pk)
    return render(request, "fellowship/feeds.html", {"form": form, "feeds": Feed.objects.all()})


@role_required("practice_admin")
@mfa_required
def feed_detail(request, pk):
    feed = get_object_or_404(Feed, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = importer.import_bytes(feed, _read_upload(upload), name=upload.name, actor=request.user)
        except FeedError as error:
            form.add_error("file", str(error))
        else:
            audit("fellowship.feed_imported", actor=request.user, feed=feed.pk)
            messages.success(request, importer.describe(run) + ".")
            return redirect("feed_detail", feed.pk)
    runs = list(feed.runs.all()[:10])
    return render(
        request,
        "fellowship/feed.html",
        {
            "feed": feed,
            "form": form,
            "runs": runs,
            "last_ok": next((run for run in runs if run.ok), None),
            "counts": {
                "listed": feed.meetings.filter(retired_at__isnull=True).count(),
                "retired": feed.meetings.filter(retired_at__isnull=False).count(),
            },
        },
    )


@role_required("practice_admin")
@mfa_required
@require_POST
def feed_refresh(request, pk):
    feed = get_object_or_404(Feed, pk=pk)
    if not feed.url:
        messages.error(request, _("This feed was uploaded as a file: upload a new copy to refresh it."))
        return redirect("feed_detail", feed.pk)
    try:
        run = importer.import_url(feed, actor=request.user)
    except FeedError as error:
        importer.record_failure(feed, error, actor=request.user, source=feed.url)
        messages.error(request, str(error))
    else:
        audit("fellowship.feed_imported", actor=request.user, feed=feed.pk)
        messages.success(request, importer.describe(run) + ".")
    return redirect("feed_detail", feed.pk)
