from django.urls import path

from . import views

urlpatterns = [
    path("today/", views.dashboard, name="recovery_dashboard"),
    path("today/setup/", views.setup, name="recovery_setup"),
    path("today/settings/", views.settings_view, name="recovery_settings"),
    path("today/programs/new/", views.program_new, name="program_new"),
    path("today/programs/<int:pk>/", views.program_edit, name="program_edit"),
    path("circles/", views.circles, name="circles"),
    path("circles/<int:program_pk>/edit/", views.circles_edit, name="circles_edit"),
    path("circles/versions/<int:pk>/", views.circles_version, name="circles_version"),
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/history/", views.checkin_history, name="checkin_history"),
    path("checkin/<int:program_pk>/<str:day>/", views.checkin_day, name="checkin_day"),
    path("pause/", views.urge, name="urge"),
    path("pause/log/", views.urge_log, name="urge_log"),
    path("pause/people/", views.urge_add_person, name="urge_add_person"),
    path("pause/history/", views.urge_history, name="urge_history"),
    path("slips/", views.slips, name="slips"),
    path("slips/new/", views.slip_new, name="slip_new"),
    path("slips/<int:pk>/", views.slip_detail, name="slip_detail"),
    path("milestones/", views.milestones, name="milestones"),
    path("milestones/<int:program_pk>/put-away/", views.milestone_put_away, name="milestone_put_away"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("plan/versions/<int:pk>/", views.plan_version, name="plan_version"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
    path("safety-plan/edit/", views.safety_plan_edit, name="safety_plan_edit"),
    path("learn/", views.learn_index, name="learn"),
    path("learn/<slug:slug>/", views.learn_page, name="learn_page"),
]
