from django.urls import path

from . import views

urlpatterns = [
    path("questionnaires/", views.index, name="assessments_index"),
    path("questionnaires/take/<slug:key>/", views.take, name="assessments_take"),
    path("questionnaires/history/<slug:key>/", views.history, name="assessments_history"),
    path("questionnaires/results/<int:pk>/", views.result, name="assessments_result"),
    path("questionnaires/drafts/<int:pk>/discard/", views.discard, name="assessments_discard"),
    path("questionnaires/people/<int:owner_id>/fhir/", views.fhir_bundle, name="assessments_fhir"),
    path("questionnaires/clients/<int:owner_id>/", views.client, name="assessments_client"),
    path("questionnaires/clients/<int:owner_id>/assign/", views.assign, name="assessments_assign"),
    path("questionnaires/assignments/<int:pk>/end/", views.end_assignment, name="assessments_end_assignment"),
    path("questionnaires/alerts/", views.alerts, name="assessments_alerts"),
    path("questionnaires/alerts/<int:pk>/seen/", views.alert_seen, name="assessments_alert_seen"),
    path("questionnaires/packs/", views.packs, name="assessments_packs"),
    path("questionnaires/packs/<int:pk>/withdraw/", views.pack_withdraw, name="assessments_pack_withdraw"),
    path("questionnaires/schema.json", views.schema_download, name="assessments_schema"),
]
