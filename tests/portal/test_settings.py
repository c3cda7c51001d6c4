import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE")
    }
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "portal.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "portal.example.go.id",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check", env_overrides={"DEBUG": "0", "ALLOWED_HOSTS": "portal.example.go.id"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_the_development_key_in_production(tmp_path):
    result = run_manage(
        "check",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": "django-insecure-portal-pks-only-for-local-development",
            "ALLOWED_HOSTS": "portal.example.go.id",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(secrets.token_urlsafe(60))
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY_FILE": str(key_file),
            "ALLOWED_HOSTS": "portal.example.go.id",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_the_site_speaks_indonesian_in_jakarta_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert ("en", "English") in settings.LANGUAGES
