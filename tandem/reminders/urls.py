from django.urls import path

from . import views

urlpatterns = [
    path("me/reminders/", views.preferences, name="reminders"),
    path("me/reminders/stop/", views.stop, name="reminders_stop_all"),
    path("reminders/stop/<str:token>/", views.stop_by_link, name="reminders_stop"),
]
