from django.urls import path

from portal import help as help_pages
from portal import search, views, views_admin

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cari/", search.search_view, name="search"),
    path("panduan/", help_pages.help_index, name="help_index"),
    path("panduan/<slug:slug>/", help_pages.help_page, name="help_page"),
    path("notifikasi/", views.notification_list, name="notification_list"),
    path("notifikasi/tandai-dibaca/", views.notification_mark_read, name="notification_mark_read"),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/kotak-keluar/", views.outbox_list, name="outbox_list"),
    path("admin/kotak-keluar/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("admin/kotak-keluar/<int:pk>/kirim-ulang/", views.outbox_requeue, name="outbox_requeue"),
    path("tenggat/", views.deadline_list, name="deadline_list"),
    path("kalender/", views.deadline_calendar, name="calendar"),
    path("kalender/langganan/", views.calendar_subscription, name="calendar_subscription"),
    path("kalender/langganan/buat/", views.calendar_feed_issue, name="calendar_feed_issue"),
    path("kalender/langganan/cabut/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("kalender/feed/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed"),
    path("pengingat/preferensi/", views.reminder_preferences, name="reminder_preferences"),
    path("admin/kebijakan-pengingat/", views.reminder_policy_list, name="reminder_policy_list"),
    path("admin/kebijakan-pengingat/<slug:kind>/", views.reminder_policy_edit, name="reminder_policy_edit"),
    path("admin/instansi/", views_admin.institution_list, name="admin_institution_list"),
    path("admin/instansi/baru/", views_admin.institution_create, name="admin_institution_create"),
    path("admin/instansi/<int:pk>/", views_admin.institution_edit, name="admin_institution_edit"),
    path(
        "admin/instansi/pratinjau-nomor/",
        views_admin.letter_number_preview,
        name="admin_letter_number_preview",
    ),
    path("admin/pengguna/", views_admin.user_list, name="admin_user_list"),
    path("admin/pengguna/undang/", views_admin.user_invite, name="admin_user_invite"),
    path("admin/pengguna/<int:pk>/", views_admin.user_edit, name="admin_user_edit"),
    path("admin/pengguna/<int:pk>/aktif/", views_admin.user_set_active, name="admin_user_set_active"),
    path(
        "admin/pengguna/<int:pk>/undang-ulang/",
        views_admin.user_invitation_resend,
        name="admin_user_invitation_resend",
    ),
    path("admin/peran/", views_admin.role_list, name="admin_role_list"),
    path("admin/riwayat/", views_admin.admin_history, name="admin_history"),
]
