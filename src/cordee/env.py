"""Small typed readers for settings that come from the environment.

Each reader fails loudly with a message that names the variable and says what
a valid value looks like, so that a wrong production setting stops the
process at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Return a string setting; when ``required`` and unset, stop with a clear message."""
    value = _raw(name)
    if value:
        return value
    if required or default is None:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set. See the README, "
            "section 'Running in production'."
        )
    return default


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use 1 or 0.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is too small: use at least {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = (_raw(name) or default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return Path(value).expanduser().resolve() if value else default


_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}


def parse_email_url(url: str) -> dict[str, object]:
    """Turn ``EMAIL_URL`` into Django e-mail settings.

    ``console:``, ``locmem:``, ``dummy:``, ``file:///path`` and
    ``smtp://user:password@host:port`` (``smtp+tls://`` for STARTTLS,
    ``smtps://`` for implicit TLS). Unknown schemes stop the process.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported: use one of "
            f"{', '.join(sorted(_EMAIL_BACKENDS))}, e.g. smtp+tls://user:pass@mail.example.org:587"
        )
    config: dict[str, object] = {"EMAIL_BACKEND": _EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        config["EMAIL_FILE_PATH"] = unquote(parts.path)
    if scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(
                "EMAIL_URL has no host name, e.g. smtp://mail.example.org:25"
            )
        query = parse_qs(parts.query)
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=parts.port
            or (465 if scheme in {"smtps", "smtp+ssl"} else 587 if scheme == "smtp+tls" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=scheme == "smtp+tls",
            EMAIL_USE_SSL=scheme in {"smtps", "smtp+ssl"},
            EMAIL_TIMEOUT=int(query.get("timeout", ["20"])[0]),
        )
    return config
