from django.urls import path

from . import views

urlpatterns = [
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.journal_new, name="journal_new"),
    path("journal/<int:pk>/", views.journal_entry, name="journal_entry"),
    path("journal/<int:pk>/edit/", views.journal_edit, name="journal_edit"),
    path("journal/<int:pk>/delete/", views.journal_delete, name="journal_delete"),
]
