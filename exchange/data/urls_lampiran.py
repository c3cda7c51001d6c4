"""Pages of an agreement's Lampiran, under /perjanjian/lampiran/: the tab the agreement's page links to."""

from django.urls import path

from exchange.data import views_lampiran as views

app_name = "lampiran"

urlpatterns = [
    path("<int:pk>/", views.lampiran_detail, name="lampiran_detail"),
    path("<int:pk>/ubah/<int:provider>/<int:receiver>/", views.lampiran_edit, name="lampiran_edit"),
    path("<int:pk>/usul/<int:provider>/<int:receiver>/", views.lampiran_propose, name="lampiran_propose"),
    path("perubahan/<int:pk>/terima/", views.change_accept, name="change_accept"),
    path("perubahan/<int:pk>/tolak/", views.change_decline, name="change_decline"),
]
