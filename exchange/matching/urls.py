from django.urls import path

from exchange.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("perjanjian/<int:agreement_pk>/", views.run_list, name="run_list"),
    path("perjanjian/<int:agreement_pk>/baru/", views.run_create, name="run_create"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/status/", views.run_status, name="run_status"),
    path("<int:pk>/perbedaan.xlsx", views.run_export, name="run_export"),
    path("<int:pk>/usulan/", views.run_propose, name="run_propose"),
    path("<int:pk>/berita-acara/", views.berita_acara_create, name="berita_acara_create"),
    path("<int:pk>/berita-acara/tanda-tangan/", views.berita_acara_sign, name="berita_acara_sign"),
    path("<int:pk>/berita-acara/unduh/", views.berita_acara_download, name="berita_acara_download"),
]
