"""The web service under /api/v1/: token, endpoints, the OpenAPI document and its docs page (no login)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from exchange.api import views

app_name = "api"

urlpatterns = [
    path("token", views.TokenView.as_view(), name="token"),
    path("me", views.MeView.as_view(), name="me"),
    path("records", views.RecordPullView.as_view(), name="records_pull"),
    path("records/query", views.RecordQueryView.as_view(), name="records_query"),
    path("records/verify", views.RecordVerifyView.as_view(), name="records_verify"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"
    ),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not_found"),
]
