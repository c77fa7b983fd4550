"""The journal: the owner's own entries only, always fetched with owner=request.user."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import EntryForm, SearchForm
from .models import JournalEntry
from .search import search

PAGE = 20


def journal(request):
    form = SearchForm(request.GET or None)
    searching = bool(form.is_bound and (request.GET.get("q", "").strip() or request.GET.get("tag", "").strip()))
    searching = searching and form.is_valid()
    hits = None
    if searching:
        hits = search(request.user, form.cleaned_data["q"], form.cleaned_data["tag"])
        page = Paginator(hits, PAGE).get_page(request.GET.get("page"))
    else:
        page = Paginator(JournalEntry.objects.filter(owner=request.user), PAGE).get_page(request.GET.get("page"))
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    tag = form.cleaned_data.get("tag", "") if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "journal/journal.html",
        {
            "form": form,
            "page": page,
            "searching": searching,
            "hits": hits,
            "query": query,
            "tag": tag,
            "nothing_found": _("No entry has all of the words “%(query)s”.") % {"query": query}
            if query
            else _("No entry has that tag."),
            "total": JournalEntry.objects.filter(owner=request.user).count(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _entry_form_page(request, entry=None):
    form = EntryForm(request.POST or None, instance=entry, today=request.user.local_today())
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.owner = request.user
        saved.save()
        messages.success(request, _("Saved. Only you can read it unless you choose to share your journal."))
        return redirect("journal_entry", pk=saved.pk)
    return render(
        request, "journal/entry_form.html", {"form": form, "entry": entry}, status=400 if form.is_bound else 200
    )


def journal_new(request):
    return _entry_form_page(request)


def journal_entry(request, pk):
    entry = get_object_or_404(JournalEntry, pk=pk, owner=request.user)
    return render(request, "journal/entry.html", {"entry": entry})


def journal_edit(request, pk):
    return _entry_form_page(request, get_object_or_404(JournalEntry, pk=pk, owner=request.user))


@require_POST
def journal_delete(request, pk):
    get_object_or_404(JournalEntry, pk=pk, owner=request.user).delete()
    messages.success(request, _("That entry has been deleted."))
    return redirect("journal")
