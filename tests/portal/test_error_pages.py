"""The portal's own error pages: in its look, in its language, keeping the server's message."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path


def refuse(request):
    raise PermissionDenied("Hanya pimpinan PIHAK KESATU yang dapat menandatangani pemberitahuan ini.")


def fail(request):
    raise RuntimeError("boom")


# The portal's own URLs beside two that fail on purpose, so that the pages' navigation resolves.
urlpatterns = [path("tolak/", refuse), path("gagal/", fail), path("", include("portal.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_keeps_the_services_message_in_the_portals_look(client, kemendes_staf):
    client.force_login(kemendes_staf)
    response = client.get("/tolak/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Akses ditolak" in page
    assert "Hanya pimpinan PIHAK KESATU yang dapat menandatangani pemberitahuan ini." in page
    assert 'class="topbar"' in page


@pytest.mark.django_db
def test_an_unknown_address_is_a_friendly_404_without_the_url_patterns(client, kemendes_staf, settings):
    settings.DEBUG = False
    client.force_login(kemendes_staf)
    response = client.get("/tidak-ada-di-portal/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and "Ke Beranda" in page
    assert "URLconf" not in page and "perjanjian/" not in page.split("<main", 1)[1]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_is_a_page_that_says_nothing_was_half_saved(client, kemendes_staf):
    client.raise_request_exception = False
    client.force_login(kemendes_staf)
    response = client.get("/gagal/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in page and "boom" not in page
