from django.urls import path

from portal import help as help_pages
from portal import search, views

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
    path("kalender/", views.deadline_calendar, name="calendar"),
    path("kalender/langganan/", views.calendar_subscription, name="calendar_subscription"),
    path("kalender/langganan/buat/", views.calendar_feed_issue, name="calendar_feed_issue"),
    path("kalender/langganan/cabut/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("kalender/feed/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed"),
    path("pengingat/preferensi/", views.reminder_preferences, name="reminder_preferences"),
    path("admin/kebijakan-pengingat/", views.reminder_policy_list, name="reminder_policy_list"),
    path("admin/kebijakan-pengingat/<slug:kind>/", views.reminder_policy_edit, name="reminder_policy_edit"),
]
