"""The second factor: enrolment with a QR code, login with a TOTP code, backup codes, and the rule that
Administrator and Pimpinan users reach nothing before it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security import otp

PASSWORD = "kata-sandi-uji-123"


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.OTP_ENFORCED = True


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client, user) -> list[str]:
    """Enrol through the pages as the user would; returns the backup codes the page shows."""
    client.get(reverse("security:otp_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("security:otp_enrol"), {"code": current_code(device)}, follow=True)
    return re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())


def test_a_pimpinan_without_a_device_is_sent_to_enrolment(client, kemendes_pimpinan):
    response = log_in(client, "kemendes.pimpinan")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security:otp_enrol"))
    page = client.get(response["Location"]).content.decode()
    assert "Aktifkan verifikasi dua langkah" in page
    assert "<svg" in page and 'class="otp-qr"' in page
    device = TOTPDevice.objects.get(user=kemendes_pimpinan, confirmed=False)
    assert otp.secret_text(device) in page


@pytest.mark.parametrize(
    "url_name",
    ["portal:dashboard", "agreements:agreement_list", "password_change", "portal:calendar_subscription"],
)
def test_nothing_else_is_reachable_before_the_second_factor(client, kemendes_pimpinan, url_name):
    log_in(client, "kemendes.pimpinan")
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(url_name))
        assert response.status_code == 302, f"{method} {url_name}"
        assert response["Location"].startswith(reverse("security:otp_enrol"))


def test_the_admin_site_also_waits_for_the_second_factor(client, admin_user):
    log_in(client, "admin")
    response = client.get("/sistem/")
    assert response["Location"].startswith(reverse("security:otp_enrol"))


def test_logout_health_and_the_api_stay_reachable_before_it(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    assert not client.get("/api/v1/").get("Location", "").startswith(reverse("security:otp_enrol"))


def test_a_staff_member_without_a_device_goes_straight_in(client, kemendes_staf):
    response = log_in(client, "kemendes.staf")
    assert client.get(response["Location"]).status_code == 200


def test_enrolment_confirms_the_device_and_shows_ten_backup_codes_once(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    codes = enrol(client, kemendes_pimpinan)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=kemendes_pimpinan, confirmed=True).count() == 1
    # Stored as keyed hashes, not as shown.
    stored = set(StaticToken.objects.filter(device__user=kemendes_pimpinan).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    again = client.get(reverse("security:otp_backup_codes"))
    assert again.status_code == 302 and codes[0] not in client.get(again["Location"]).content.decode()
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_a_wrong_code_does_not_confirm_enrolment(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    client.get(reverse("security:otp_enrol"))
    response = client.post(reverse("security:otp_enrol"), {"code": "000000x"})
    assert response.status_code == 200
    assert "Kode tidak cocok" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=kemendes_pimpinan, confirmed=True).exists()
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_a_pimpinan_logs_in_with_a_totp_code(client, kemendes_pimpinan, time_machine):
    log_in(client, "kemendes.pimpinan")
    enrol(client, kemendes_pimpinan)
    client.post(reverse("logout"))
    time_machine.move_to(timezone.now() + timedelta(minutes=2))  # a later time step than the enrolment's

    response = log_in(client, "kemendes.pimpinan")
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("security:otp_verify"))
    assert client.get(reverse("portal:dashboard")).status_code == 302

    device = TOTPDevice.objects.get(user=kemendes_pimpinan, confirmed=True)
    response = client.post(reverse("security:otp_verify"), {"code": current_code(device)})
    assert response.status_code == 302
    page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200 and "Beranda" in page.content.decode()


def test_a_totp_code_is_refused_when_wrong_or_used_twice(client, kemendes_pimpinan, time_machine):
    log_in(client, "kemendes.pimpinan")
    enrol(client, kemendes_pimpinan)
    device = TOTPDevice.objects.get(user=kemendes_pimpinan, confirmed=True)
    used = current_code(device)  # the enrolment already used this time step
    client.post(reverse("logout"))
    log_in(client, "kemendes.pimpinan")

    response = client.post(reverse("security:otp_verify"), {"code": used})
    assert response.status_code == 200 and "Kode tidak cocok" in response.content.decode()
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_a_backup_code_works_once(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    codes = enrol(client, kemendes_pimpinan)
    client.post(reverse("logout"))

    log_in(client, "kemendes.pimpinan")
    response = client.post(reverse("security:otp_verify"), {"code": codes[3].upper()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert "sisa 9" in response.content.decode()
    client.post(reverse("logout"))

    log_in(client, "kemendes.pimpinan")
    response = client.post(reverse("security:otp_verify"), {"code": codes[3]})
    assert response.status_code == 200 and "Kode tidak cocok" in response.content.decode()
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_a_staff_member_who_switched_it_on_is_asked_at_the_next_login(client, kemendes_staf):
    log_in(client, "kemendes.staf")
    page = client.get(reverse("security:otp_settings")).content.decode()
    assert "Belum aktif" in page
    codes = enrol(client, kemendes_staf)
    client.post(reverse("logout"))
    response = client.get(log_in(client, "kemendes.staf")["Location"])
    assert response["Location"].startswith(reverse("security:otp_verify"))
    client.post(reverse("security:otp_verify"), {"code": codes[0]})
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_a_staff_member_switches_it_off_with_a_fresh_code(client, kemendes_staf, time_machine):
    log_in(client, "kemendes.staf")
    codes = enrol(client, kemendes_staf)
    client.post(reverse("security:otp_disable"), {"code": "salah"})
    assert TOTPDevice.objects.filter(user=kemendes_staf).exists()
    # After a wrong code django-otp makes the next try wait (1 s, doubling with each failure).
    time_machine.move_to(timezone.now() + timedelta(seconds=2))
    client.post(reverse("security:otp_disable"), {"code": codes[1]})
    assert not TOTPDevice.objects.filter(user=kemendes_staf).exists()
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_a_pimpinan_cannot_switch_it_off(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    codes = enrol(client, kemendes_pimpinan)
    response = client.post(reverse("security:otp_disable"), {"code": codes[0]}, follow=True)
    assert "tidak dapat dimatikan" in response.content.decode()
    assert TOTPDevice.objects.filter(user=kemendes_pimpinan, confirmed=True).exists()


def test_new_backup_codes_replace_the_old_ones(client, kemendes_pimpinan, time_machine):
    log_in(client, "kemendes.pimpinan")
    old = enrol(client, kemendes_pimpinan)
    response = client.post(reverse("security:otp_backup_regenerate"), follow=True)
    new = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    log_in(client, "kemendes.pimpinan")
    assert client.post(reverse("security:otp_verify"), {"code": old[0]}).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(seconds=2))  # past the wait a wrong code causes
    assert client.post(reverse("security:otp_verify"), {"code": new[0]}).status_code == 302


def test_the_account_menu_offers_it(client, kemendes_staf):
    client.force_login(kemendes_staf)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("security:otp_settings")}"' in page
    assert "Verifikasi dua langkah" in page


def test_the_verify_page_keeps_the_page_asked_for(client, kemendes_pimpinan):
    log_in(client, "kemendes.pimpinan")
    codes = enrol(client, kemendes_pimpinan)
    client.post(reverse("logout"))
    log_in(client, "kemendes.pimpinan")
    wanted = reverse("portal:calendar_subscription")
    response = client.get(wanted)
    assert response["Location"] == reverse("security:otp_verify") + "?next=" + wanted.replace("/", "%2F")
    client.get(response["Location"])
    assert client.post(reverse("security:otp_verify"), {"code": codes[0]})["Location"] == wanted
    # A next that leaves the site is ignored.
    client.post(reverse("logout"))
    log_in(client, "kemendes.pimpinan")
    client.get(reverse("security:otp_verify") + "?next=https://evil.example/")
    response = client.post(reverse("security:otp_verify"), {"code": codes[1]})
    assert response["Location"] == reverse("portal:dashboard")


def test_the_pages_speak_english_on_request(client, kemendes_pimpinan):
    client.cookies["django_language"] = "en"
    log_in(client, "kemendes.pimpinan")
    page = client.get(reverse("security:otp_enrol")).content.decode()
    assert "Switch on two-step verification" in page
    assert "Scan this QR code with that app." in page
