from django.urls import path

from exchange.privacy import views

app_name = "privacy"

urlpatterns = [
    path("perjanjian/<int:agreement_pk>/", views.agreement_privacy, name="agreement_privacy"),
    path("perjanjian/<int:agreement_pk>/pernyataan/", views.acknowledge, name="acknowledge"),
    path("perjanjian/<int:agreement_pk>/pengungkapan/", views.disclosure_create, name="disclosure_create"),
    path(
        "perjanjian/<int:agreement_pk>/akses-subjek/",
        views.subject_access_create,
        name="subject_access_create",
    ),
    path("perjanjian/<int:agreement_pk>/retensi/", views.retention_update, name="retention_update"),
    path("perjanjian/<int:agreement_pk>/catatan-pemrosesan.xlsx", views.ropa_export, name="ropa_export"),
    path("sertifikat/<int:pk>/", views.certificate_download, name="certificate_download"),
    path("perjanjian/<int:agreement_pk>/insiden/", views.incident_create, name="incident_create"),
    path("insiden/<int:pk>/", views.incident_step, name="incident_step"),
    path("akses-subjek/<int:pk>/jawab/", views.subject_access_answer, name="subject_access_answer"),
]
