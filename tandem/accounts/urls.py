from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.onboarding, name="onboarding"),
    path("me/", views.profile, name="profile"),
    path("me/second-step/", views.mfa_required_notice, name="mfa_required"),
    path("practice/", views.practice, name="practice"),
    path("practice/invitations/<int:pk>/withdraw/", views.withdraw_staff_invitation, name="withdraw_staff_invitation"),
    path("join/<str:token>/", views.staff_invitation, name="staff_invitation"),
]
