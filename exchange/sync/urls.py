from django.urls import path

from exchange.sync import views

app_name = "sync"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("perjanjian/<int:agreement_pk>/mulai/", views.run_start, name="run_start"),
    path("perjanjian/<int:agreement_pk>/jadwal/", views.schedule_save, name="schedule_save"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/kemajuan/", views.run_progress, name="run_progress"),
    path("<int:pk>/ulang/", views.run_retry, name="run_retry"),
]
