from django.urls import path

from . import views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/invite/", views.invite_client, name="invite_client"),
]
