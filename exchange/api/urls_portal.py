"""The web-service pages under /pertukaran/layanan-web/."""

from django.urls import path

from exchange.api import views_portal as views

app_name = "api_portal"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("perjanjian/<int:agreement_id>/", views.client_list, name="client_list"),
    path("perjanjian/<int:agreement_id>/terbitkan/", views.client_issue, name="client_issue"),
    path("perjanjian/<int:agreement_id>/log/", views.log_list, name="log_list"),
    path("klien/<int:pk>/cabut/", views.client_revoke, name="client_revoke"),
]
