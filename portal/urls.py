from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.security import views as security_views

admin.site.site_header = _("Portal PKS — Administrasi")
admin.site.site_title = "Portal PKS"

urlpatterns = [
    path("", include("portal.urls_portal")),
    path("perjanjian/", include("agreements.urls")),
    path("admin/perjanjian/", include("agreements.urls_register")),
    path("pertukaran/", include("exchange.corrections.urls")),
    path("pertukaran/himpunan/", include("exchange.data.urls")),
    path("perjanjian/lampiran/", include("exchange.data.urls_lampiran")),
    path("pertukaran/mitra/", include("exchange.partners.urls")),
    path("pertukaran/sinkronisasi/", include("exchange.sync.urls")),
    path("pertukaran/pemadanan/", include("exchange.matching.urls")),
    path("pertukaran/layanan-web/", include("exchange.api.urls_portal")),
    path("pertukaran/laporan/", include("exchange.reports.urls")),
    path("pertukaran/pelindungan/", include("exchange.privacy.urls")),
    path("api/v1/", include("exchange.api.urls")),
    path("masuk/", security_views.LoginView.as_view(), name="login"),
    path("akun/dua-langkah/", include("portal.security.urls")),
    path("keluar/", views.logout_view, name="logout"),
    path("akun/kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("akun/lupa-sandi/", security_views.PasswordResetView.as_view(), name="password_reset"),
    path("akun/lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "akun/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "akun/reset/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("sistem/", admin.site.urls),
    path("sehat/", views.health, name="health"),
]
