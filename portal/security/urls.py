from django.urls import path

from portal.security import views

app_name = "security"

urlpatterns = [
    path("", views.otp_settings, name="otp_settings"),
    path("verifikasi/", views.otp_verify, name="otp_verify"),
    path("aktifkan/", views.otp_enrol, name="otp_enrol"),
    path("kode-cadangan/", views.otp_backup_codes, name="otp_backup_codes"),
    path("kode-cadangan/buat-ulang/", views.otp_backup_regenerate, name="otp_backup_regenerate"),
    path("matikan/", views.otp_disable, name="otp_disable"),
]
