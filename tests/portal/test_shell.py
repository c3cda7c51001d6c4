"""The site shell: login, logout, dashboard, language, and the rule that every page is behind login."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "health",
}


def named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def url_with_dummy_args(name, pattern):
    converters = pattern.pattern.converters
    kwargs = {}
    for key, converter in converters.items():
        kwargs[key] = "1" if converter.regex == "[0-9]+" else "x" * 8
        if "uuid" in type(converter).__name__.lower():
            kwargs[key] = "00000000-0000-0000-0000-000000000000"
    return reverse(name, kwargs=kwargs)


# The web service answers machines, not browsers: its schema and docs are public, its endpoints answer a
# missing credential with a problem detail (tested per endpoint in tests/exchange/api).
WEB_SERVICE = "api:"


@pytest.mark.django_db
def test_every_page_sends_anonymous_visitors_to_the_login_page(client):
    checked = 0
    for name, pattern in named_routes():
        if name in PUBLIC or name.startswith(WEB_SERVICE):
            continue
        url = url_with_dummy_args(name, pattern)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {name} answered {response.status_code}"
            assert response["Location"].startswith(reverse("login")), name
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_no_web_service_endpoint_serves_an_anonymous_caller(client):
    checked = 0
    for name, pattern in named_routes():
        if not name.startswith(WEB_SERVICE) or name in ("api:schema", "api:docs", "api:redoc"):
            continue
        url = url_with_dummy_args(name, pattern)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (401, 404, 405), f"{method} {name} answered {response.status_code}"
            assert response["Content-Type"].startswith("application/problem+json"), name
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_the_login_page_is_in_indonesian(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()
    assert "Masuk ke Portal PKS" in response.content.decode()


def test_a_staff_member_logs_in_and_sees_the_dashboard(client, kemendes_staf):
    response = client.post(
        reverse("login"), {"username": "kemendes.staf", "password": "kata-sandi-uji-123"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert "Beranda" in page
    assert re.search(r"<a [^>]*>Keluar</a>", page)
    assert "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi" in page


def test_a_wrong_password_is_refused_in_indonesian(client, kemendes_staf):
    response = client.post(reverse("login"), {"username": "kemendes.staf", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client, kemendes_staf):
    client.force_login(kemendes_staf)
    confirm = client.get(reverse("logout"))
    assert confirm.status_code == 200
    assert client.get(reverse("portal:dashboard")).status_code == 200
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_the_language_switch_turns_the_pages_to_english(client, kemendes_staf):
    client.force_login(kemendes_staf)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert ">Log out</a>" in page
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get(reverse("portal:dashboard")).content.decode()


def test_only_administrators_see_the_admin_menu(client, kemendes_staf, admin_user):
    client.force_login(kemendes_staf)
    assert reverse("portal:admin_home") not in client.get("/").content.decode()
    assert client.get(reverse("portal:admin_home")).status_code == 403
    client.force_login(admin_user)
    assert reverse("portal:admin_home") in client.get("/").content.decode()
    assert client.get(reverse("portal:admin_home")).status_code == 200


def test_repeated_failed_logins_lock_the_account(client, kemendes_staf, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "kemendes.staf", "password": "salah"})
    response = client.post(reverse("login"), {"username": "kemendes.staf", "password": "kata-sandi-uji-123"})
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in page
    assert ">Keluar</a>" in page


def test_the_page_title_names_the_page_and_the_portal(client):
    page = client.get(reverse("login")).content.decode()
    assert "<title>Masuk · Portal PKS</title>" in page


def test_load_demo_prints_a_generated_password_once_that_logs_everyone_in(
    db, client, monkeypatch, settings, tmp_path
):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.VAR_DIR = tmp_path
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    password = (tmp_path / "demo-password.txt").read_text().strip()

    assert re.fullmatch(r"[A-Za-z0-9]{12}", password)
    assert password in first.getvalue()
    assert password not in second.getvalue()
    for username in ("kemendes.staf", "bkn.penghubung", "lain.staf", "admin"):
        assert client.login(username=username, password=password), username
