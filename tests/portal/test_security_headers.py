"""Response headers and logs: CSP that the pages live with, Permissions-Policy, no-store for signed-in
users and API clients, refusals logged with the user's id, and no secret link in any log line."""

import io
import logging
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config

from portal import calendar_feed
from portal.security.gunicorn_logger import RedactingLogger
from portal.security.redaction import RedactSecretsFilter

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PAGES = ["portal:dashboard", "agreements:agreement_list", "portal:calendar", "security:otp_settings"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_login_page_carries_a_strict_policy(client, db):
    response = client.get(reverse("login"))
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url_name", PAGES)
def test_every_script_of_a_page_is_allowed_by_its_policy(client, kemendes_pimpinan, url_name):
    client.force_login(kemendes_pimpinan)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = directives(response)
    page = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", page):
        src = re.search(r'\bsrc="([^"]+)"', tag)
        nonce = re.search(r'\bnonce="([^"]+)"', tag)
        assert (src and src.group(1).startswith(settings.STATIC_URL)) or (
            nonce and f"'nonce-{nonce.group(1)}'" in csp["script-src"]
        ), tag
    assert not re.search(r"<[a-z]+\b[^>]*\son[a-z]+\s*=", page), "inline event handler"
    assert "no-store" in response["Cache-Control"]
    assert "Permissions-Policy" in response


def test_no_template_has_an_inline_script_or_handler_the_policy_would_block():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts:
            continue  # mail bodies are read in mail clients, not served under the policy
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "request.csp_nonce" not in tag:
                offenders.append(f"{path.relative_to(TEMPLATES)}: {tag}")
        if re.search(r"<style\b(?![^>]*csp_nonce)", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: <style> without the nonce")
        if re.search(r"<[a-zA-Z]+\b[^>]*\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline event handler")
    assert not offenders, offenders


def test_the_otp_enrolment_page_draws_its_qr_code_inline(client, kemendes_pimpinan):
    client.force_login(kemendes_pimpinan)
    response = client.get(reverse("security:otp_enrol"))
    page = response.content.decode()
    assert re.search(r"<svg class=\"otp-qr\"[^>]*><path d=", page)
    assert "<img" not in page.split('class="otp-qr"')[0][-200:]
    assert "no-store" in response["Cache-Control"]


def test_the_feed_link_page_and_the_feed_are_not_stored(client, kemendes_staf):
    client.force_login(kemendes_staf)
    client.post(reverse("portal:calendar_feed_issue"))
    response = client.get(reverse("portal:calendar_subscription"))
    assert "no-store" in response["Cache-Control"]
    token = calendar_feed.feed_token_of(kemendes_staf).token
    client.logout()
    feed = client.get(reverse("portal:calendar_feed", args=[token]))
    assert feed.status_code == 200 and "no-store" in feed["Cache-Control"]


def test_an_api_answer_is_not_stored(client, db):
    response = client.get("/api/v1/", HTTP_AUTHORIZATION="Bearer tidak-berlaku")
    assert "no-store" in response["Cache-Control"]


def test_a_refusal_is_logged_with_the_user_id_not_the_name(client, kemendes_staf, caplog):
    client.force_login(kemendes_staf)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = client.get(reverse("portal:admin_home"))
    assert response.status_code == 403
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert any(f"user_id={kemendes_staf.pk}" in line and "status=403" in line for line in lines), lines
    assert not any(kemendes_staf.username in line or kemendes_staf.get_full_name() in line for line in lines)


@pytest.fixture
def console():
    """What the portal's configured console handler writes, for the length of one test."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactSecretsFilter) for f in handler.filters)
    ]
    assert handlers, "the console handler of LOGGING carries the redaction filter"
    buffer = io.StringIO()
    previous = handlers[0].setStream(buffer)
    try:
        yield buffer
    finally:
        handlers[0].setStream(previous)


def test_the_console_log_never_prints_a_feed_token(client, db, console):
    client.get("/kalender/feed/RahasiaSekali123.ics/lagi")  # a 404 that django.request logs with its path
    text = console.getvalue()
    assert "Not Found" in text
    assert "RahasiaSekali123" not in text
    assert "/kalender/feed/[disembunyikan].ics" in text


def test_the_redaction_filter_takes_out_reset_links_too():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET %s", ("/akun/reset/MQ/cx8-abc123def/",), None
    )
    assert RedactSecretsFilter().filter(record)
    assert record.getMessage() == "GET /akun/reset/[disembunyikan]/"


def test_gunicorn_access_log_lines_carry_no_feed_token():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/kalender/feed/RahasiaSekali123.ics?x=1",
        "PATH_INFO": "/kalender/feed/RahasiaSekali123.ics",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://pks.example.go.id/kalender/feed/RahasiaSekali123.ics",
    }
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
    assert not any("RahasiaSekali123" in str(value) for value in atoms.values())
    assert atoms["r"] == "GET /kalender/feed/[disembunyikan].ics?x=1 HTTP/1.1"
