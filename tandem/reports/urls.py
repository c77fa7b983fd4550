from django.urls import path

from . import views

urlpatterns = [
    path("reports/", views.index, name="reports"),
    path("reports/progress/", views.progress, name="report_progress"),
    path("reports/progress/pdf/", views.progress_pdf, name="report_progress_pdf"),
    path("reports/clients/<int:owner_id>/", views.client, name="report_client"),
    path("reports/clients/<int:owner_id>/pdf/", views.client_pdf, name="report_client_pdf"),
]
