import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cordee.env import env_bool, env_choice, env_int, env_list, parse_email_url

PRODUCTION_ENV = {
    "CORDEE_ENV": "production",
    "SECRET_KEY": "k" * 64,
    "ALLOWED_HOSTS": "cordee.example.org",
    "DATABASE_URL": "sqlite:////tmp/cordee-settings-test.sqlite3",
    "EMAIL_URL": "smtp+tls://user:secret@mail.example.org:587",
    "DEFAULT_FROM_EMAIL": "Cordée <noreply@example.org>",
    "CORDEE_SITE_URL": "https://cordee.example.org",
}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter, as a server start does."""
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    clean.pop("PYTEST_VERSION", None)
    return subprocess.run(
        [sys.executable, "-c", "import cordee.settings as s; print(s.ENVIRONMENT, s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_load_when_everything_is_given():
    result = load_settings(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "production False"


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "CORDEE_SITE_URL",
    ],
)
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_is_the_default_outside_tests():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "CORDEE_ENV"}
    del env["SECRET_KEY"]
    result = load_settings(env)
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = load_settings({**PRODUCTION_ENV, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_a_wrong_debug_value_is_refused(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a yes/no value"):
        env_bool("X_FLAG", default=False)


def test_env_readers_read_and_default(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "12")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_int("X_NUMBER", 3) == 12
    assert env_int("X_ABSENT", 3) == 3
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_NUMBER", 3)
    monkeypatch.setenv("X_MODE", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="one of: open, invitation"):
        env_choice("X_MODE", "open", ("open", "invitation"))


def test_email_url_for_smtp_with_starttls():
    config = parse_email_url("smtp+tls://me%40example.org:p%40ss@mail.example.org:587")
    assert config["EMAIL_HOST"] == "mail.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "me@example.org"
    assert config["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_email_url_defaults_and_errors():
    assert parse_email_url("smtps://mail.example.org")["EMAIL_PORT"] == 465
    assert parse_email_url("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="scheme 'http' is not supported"):
        parse_email_url("http://mail.example.org")
    with pytest.raises(ImproperlyConfigured, match="no host name"):
        parse_email_url("smtp://")


def test_an_openid_connect_provider_is_configured_from_the_environment():
    env = {
        **PRODUCTION_ENV,
        "OIDC_SERVER_URL": "https://idp.example.org/realms/network",
        "OIDC_CLIENT_ID": "cordee",
        "OIDC_CLIENT_SECRET": "s3cret",
        "OIDC_NAME": "Annuaire du réseau",
    }
    clean = {key: value for key, value in os.environ.items() if key != "PYTEST_VERSION"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cordee.settings as s; app = s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0];"
            "print(app['name'], app['settings']['server_url'])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "Annuaire du réseau https://idp.example.org/realms/network"
    without_secret = load_settings({**env, "OIDC_CLIENT_SECRET": ""})
    assert "OIDC_CLIENT_SECRET" in without_secret.stderr
