from django.urls import path

from . import views

urlpatterns = [
    path("help/", views.crisis, name="crisis"),
    path("n/", views.neutral, name="neutral"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("lock/", views.lock, name="lock"),
    path("healthz/", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
