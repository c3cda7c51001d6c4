"""Pages of the data sets, under /pertukaran/himpunan/. Only primary keys travel in these URLs: a NIP or a
name never does (the search is posted and kept in the session)."""

from django.urls import path

from exchange.data import views

app_name = "data"

urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("<int:pk>/", views.dataset_detail, name="dataset_detail"),
    path("<int:pk>/cari/", views.dataset_search, name="dataset_search"),
    path("versi/<int:pk>/", views.version_detail, name="version_detail"),
    path("versi/<int:pk>/unduh/", views.version_download, name="version_download"),
    path("rekaman/<int:pk>/", views.record_detail, name="record_detail"),
    path("impor/<int:agreement>/<int:provider>/<int:receiver>/", views.import_start, name="import_start"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/petakan/", views.import_map, name="import_map"),
    path("impor/<int:pk>/simpan/", views.import_store, name="import_store"),
]
