from django.urls import path

from .views import admin, meetings, network, records, schedule, steps

urlpatterns = [
    # Finding meetings (public reference data, for anyone signed in)
    path("meetings/", meetings.meeting_finder, name="meeting_finder"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/add/", meetings.schedule_add_meeting, name="schedule_add_meeting"),
    path("meetings/places/", meetings.places, name="places"),
    path("meetings/places/<int:pk>/delete/", meetings.place_delete, name="place_delete"),
    # Meeting feeds (practice admin)
    path("meetings/feeds/", admin.feeds_admin, name="feeds_admin"),
    path("meetings/feeds/<int:pk>/", admin.feed_detail, name="feed_detail"),
    path("meetings/feeds/<int:pk>/refresh/", admin.feed_refresh, name="feed_refresh"),
    # The person's own week
    path("schedule/", schedule.schedule, name="schedule"),
    path("schedule/new/", schedule.schedule_new, name="schedule_new"),
    path("schedule/<int:pk>/", schedule.schedule_edit, name="schedule_edit"),
    path("schedule/<int:pk>/remove/", schedule.schedule_remove, name="schedule_remove"),
    path("schedule/<int:pk>/went/", schedule.attend, name="attend"),
    path("schedule/attended/", schedule.attendance_log, name="attendance_log"),
    path("schedule/attended/<int:pk>/delete/", schedule.attendance_delete, name="attendance_delete"),
    path("schedule/ninety/", schedule.ninety_restart, name="ninety_restart"),
    path("schedule/calendar/", schedule.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", schedule.calendar_feed, name="calendar_feed"),
    # Attendance records for a court, an employer or a board, and the receiver's public check
    path("schedule/records/", records.attendance_records, name="attendance_records"),
    path("schedule/records/<int:pk>/", records.attendance_record, name="attendance_record"),
    path("schedule/records/<int:pk>/record.csv", records.attendance_record_csv, name="attendance_record_csv"),
    path("schedule/records/<int:pk>/record.pdf", records.attendance_record_pdf, name="attendance_record_pdf"),
    path("schedule/records/<int:pk>/revoke/", records.attendance_record_revoke, name="attendance_record_revoke"),
    path("verify/", records.record_verify, name="record_verify"),
    # Support network and outreach
    path("network/", network.network, name="network"),
    path("network/<int:pk>/", network.contact_edit, name="contact_edit"),
    path("network/<int:pk>/delete/", network.contact_delete, name="contact_delete"),
    path("outreach/", network.outreach, name="outreach"),
    path("outreach/log/", network.outreach_quick, name="outreach_quick"),
    path("outreach/<int:pk>/delete/", network.outreach_delete, name="outreach_delete"),
    # Step work, and the sponsor's view of it
    path("steps/", steps.steps, name="steps"),
    path("steps/wording/", steps.step_prefs, name="step_prefs"),
    path("steps/<int:number>/", steps.step_detail, name="step_detail"),
    path("sponsees/", steps.sponsees, name="sponsees"),
    path("sponsees/<int:owner_id>/steps/", steps.sponsee_steps, name="sponsee_steps"),
    path("sponsees/<int:owner_id>/steps/<int:number>/", steps.sponsee_step, name="sponsee_step"),
    path("sponsees/<int:owner_id>/steps/<int:number>/comment/", steps.step_comment, name="step_comment"),
]
