from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("notifikasi/", views.notification_list, name="notification_list"),
    path("notifikasi/tandai-dibaca/", views.notification_mark_read, name="notification_mark_read"),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/kotak-keluar/", views.outbox_list, name="outbox_list"),
    path("admin/kotak-keluar/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("admin/kotak-keluar/<int:pk>/kirim-ulang/", views.outbox_requeue, name="outbox_requeue"),
]
