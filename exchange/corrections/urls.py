from django.urls import path
from django.views.generic import RedirectView

from exchange.corrections import views

app_name = "exchange"

urlpatterns = [
    # The section's root opens the catalogue; the catalogue has its own path so that the navigation does not
    # mark "Pertukaran Data" active on the proposal pages below it.
    path("", RedirectView.as_view(pattern_name="exchange:exchange_home")),
    path("data/", views.exchange_home, name="exchange_home"),
    path("usulan/", views.proposal_list, name="proposal_list"),
    path("usulan/ekspor/", views.proposal_export, name="proposal_export"),
    path("usulan/massal/", views.proposal_bulk, name="proposal_bulk"),
    path("usulan/massal/<int:pk>/", views.proposal_bulk_detail, name="proposal_bulk_detail"),
    path("usulan/massal/<int:pk>/status/", views.proposal_bulk_status, name="proposal_bulk_status"),
    path("usulan/impor/", views.proposal_import, name="proposal_import"),
    path("usulan/impor/<int:pk>/", views.proposal_import_detail, name="proposal_import_detail"),
    path("usulan/impor/<int:pk>/status/", views.proposal_import_status, name="proposal_import_status"),
    path("usulan/impor/templat/", views.proposal_import_template, name="proposal_import_template"),
    path("usulan/baru/", views.proposal_create, name="proposal_create"),
    path("usulan/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("usulan/<int:pk>/ubah/", views.proposal_update, name="proposal_update"),
    path("usulan/<int:pk>/langkah/<slug:step>/", views.proposal_step, name="proposal_step"),
    path("usulan/<int:pk>/komentar/", views.proposal_comment, name="proposal_comment"),
    path("usulan/<int:pk>/bukti/", views.evidence_upload, name="evidence_upload"),
    path("usulan/<int:pk>/bukti/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
]
