from django.urls import path

from . import views

urlpatterns = [
    # the therapist's side
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/invite/", views.invite_client, name="invite_client"),
    path("caseload/clients/<int:owner_id>/", views.client, name="therapy_client"),
    path("caseload/clients/<int:owner_id>/plan/", views.plan, name="therapy_plan"),
    path("caseload/clients/<int:owner_id>/plan/goals/new/", views.goal_new, name="therapy_goal_new"),
    path("caseload/plan-goals/<int:pk>/", views.goal_edit, name="therapy_goal_edit"),
    path("caseload/clients/<int:owner_id>/notes/", views.notes, name="therapy_notes"),
    path("caseload/clients/<int:owner_id>/notes/new/", views.note_new, name="therapy_note_new"),
    path("caseload/notes/<int:pk>/", views.note, name="therapy_note"),
    path("caseload/notes/<int:pk>/sign/", views.note_sign, name="therapy_note_sign"),
    path("caseload/notes/<int:pk>/addenda/", views.note_addendum, name="therapy_note_addendum"),
    path("caseload/homework/new/", views.homework_new, name="therapy_homework_new"),
    path("caseload/homework/<int:pk>/", views.homework_review, name="therapy_homework"),
    path("caseload/homework/<int:pk>/withdraw/", views.homework_withdraw, name="therapy_homework_withdraw"),
    # the client's side
    path("homework/", views.homework_list, name="homework"),
    path("homework/<int:pk>/", views.homework_detail, name="homework_detail"),
    path("my-plans/", views.shared_plans, name="shared_plans"),
    path("connections/moves/<int:pk>/", views.move, name="therapy_move"),
    # groups
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/invite/", views.group_invite, name="group_invite"),
    path("groups/<int:pk>/join/", views.group_join, name="group_join"),
    path("groups/<int:pk>/leave/", views.group_leave, name="group_leave"),
    path("groups/posts/<int:pk>/reply/", views.group_reply, name="group_reply"),
    path("groups/posts/<int:pk>/thanks/", views.group_thanks, name="group_thanks"),
    path("groups/posts/<int:pk>/moderate/", views.group_moderate, name="group_moderate"),
    path("groups/replies/<int:pk>/hide/", views.group_reply_hide, name="group_reply_hide"),
    # the practice admin's side
    path("practice/clients/", views.practice_moves, name="practice_moves"),
    path("practice/moves/<int:pk>/withdraw/", views.practice_move_withdraw, name="practice_move_withdraw"),
]
