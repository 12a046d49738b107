"""Reading configuration from environment variables, with clear errors for bad values."""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_time_of_day(name: str, *, default: str) -> tuple[int, int]:
    """HH:MM as (hour, minute), e.g. REMINDERS_AT=08:30."""
    raw = env_str(name) or default
    hour, sep, minute = raw.partition(":")
    if not (sep and hour.isdigit() and minute.isdigit() and len(minute) == 2):
        raise ImproperlyConfigured(f"{name} must be a time of day as HH:MM (e.g. 08:30), not {raw!r}.")
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        raise ImproperlyConfigured(f"{name} must be a time of day as HH:MM (e.g. 08:30), not {raw!r}.")
    return int(hour), int(minute)


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_email_url(url: str, *, debug: bool) -> dict:
    """Turn EMAIL_URL into Django's e-mail settings.

    smtp://user:pass@host:587?tls=1, smtps://user:pass@host:465, console://, file:///path,
    locmem://. Unset: the console in debug mode, SMTP on localhost:25 otherwise.
    """
    if not url:
        backend = "console" if debug else "smtp"
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
    parts = urlparse(url)
    scheme = parts.scheme.lower()
    simple = {"console": "console", "locmem": "locmem", "dummy": "dummy"}
    if scheme in simple:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{simple[scheme]}.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    if scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL has an unknown scheme {scheme!r}; use smtp, smtps, console, file, locmem or dummy."
        )
    query = parse_qs(parts.query)
    tls = query.get("tls", ["0"])[0].lower() in TRUE_WORDS
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": tls and scheme == "smtp",
    }
