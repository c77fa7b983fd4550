from django.urls import path

from . import views

urlpatterns = [
    path("me/devices/", views.devices, name="push_devices"),
    path("me/devices/subscribe/", views.subscribe, name="push_subscribe"),
    path("me/devices/test/", views.send_test, name="push_test"),
    path("me/devices/<int:pk>/remove/", views.remove, name="push_device_remove"),
]
