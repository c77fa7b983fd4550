from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/invite/", views.invite, name="invite"),
    path("privacy/code/", views.enter_code, name="enter_code"),
    path("privacy/links/<int:pk>/end/", views.end_link, name="end_link"),
    path("privacy/links/<int:pk>/share/", views.add_grant, name="add_grant"),
    path("privacy/grants/<int:pk>/revoke/", views.revoke_grant, name="revoke_grant"),
    path("i/<str:token>/", views.invitation_landing, name="invitation_landing"),
    path("shared/", views.shared_with_me, name="shared_with_me"),
    path("shared/<int:owner_id>/", views.person, name="person"),
    path("me/export/", views.export, name="export"),
    path("me/delete/", views.erase, name="erase"),
]
