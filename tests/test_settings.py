"""Configuration from the environment (renda/env.py), the production settings and the test settings."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from renda.env import env_bool, env_int, env_list, env_str, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("word", ["1", "true", "TRUE", " yes ", "On"])
def test_env_bool_reads_true_words(monkeypatch, word):
    monkeypatch.setenv("RENDA_FLAG", word)
    assert env_bool("RENDA_FLAG", default=False) is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off", "", "  "])
def test_env_bool_reads_false_words(monkeypatch, word):
    monkeypatch.setenv("RENDA_FLAG", word)
    assert env_bool("RENDA_FLAG", default=True) is False


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_gives_the_default(monkeypatch, default):
    monkeypatch.delenv("RENDA_FLAG", raising=False)
    assert env_bool("RENDA_FLAG", default=default) is default


@pytest.mark.parametrize("word", ["maybe", "2", "tru", "yes please"])
def test_env_bool_refuses_other_words(monkeypatch, word):
    monkeypatch.setenv("RENDA_FLAG", word)
    with pytest.raises(ImproperlyConfigured, match=r"RENDA_FLAG must be true or false, not '"):
        env_bool("RENDA_FLAG", default=False)


def test_env_str_strips_and_defaults(monkeypatch):
    monkeypatch.setenv("RENDA_TEXT", "  value \n")
    assert env_str("RENDA_TEXT") == "value"
    monkeypatch.delenv("RENDA_TEXT")
    assert env_str("RENDA_TEXT") == ""
    assert env_str("RENDA_TEXT", "fallback") == "fallback"


def test_env_int_reads_whole_numbers_and_defaults_when_unset_or_blank(monkeypatch):
    monkeypatch.setenv("RENDA_NUMBER", " 12 ")
    assert env_int("RENDA_NUMBER", default=5) == 12
    monkeypatch.setenv("RENDA_NUMBER", "")
    assert env_int("RENDA_NUMBER", default=5) == 5
    monkeypatch.delenv("RENDA_NUMBER")
    assert env_int("RENDA_NUMBER", default=5) == 5


@pytest.mark.parametrize("word", ["five", "1.5", "10m"])
def test_env_int_refuses_other_words(monkeypatch, word):
    monkeypatch.setenv("RENDA_NUMBER", word)
    with pytest.raises(ImproperlyConfigured, match="RENDA_NUMBER must be a whole number, not '"):
        env_int("RENDA_NUMBER", default=5)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("RENDA_HOSTS", " renda.example.org, ,127.0.0.1 ,")
    assert env_list("RENDA_HOSTS", default=["x"]) == ["renda.example.org", "127.0.0.1"]


def test_env_list_set_but_empty_is_an_empty_list(monkeypatch):
    monkeypatch.setenv("RENDA_HOSTS", "")
    assert env_list("RENDA_HOSTS", default=["localhost"]) == []


def test_env_list_unset_gives_a_copy_of_the_default(monkeypatch):
    monkeypatch.delenv("RENDA_HOSTS", raising=False)
    default = ["localhost"]
    value = env_list("RENDA_HOSTS", default=default)
    assert value == ["localhost"]
    value.append("changed")
    assert default == ["localhost"]


def test_email_url_smtp_with_tls_and_quoted_credentials():
    config = parse_email_url(
        "smtp://renda%40jixian.gov.cn:p%40ss%3Aword@mail.jixian.gov.cn:587?tls=1", debug=False
    )
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.jixian.gov.cn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "renda@jixian.gov.cn",
        "EMAIL_HOST_PASSWORD": "p@ss:word",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_email_url_smtp_defaults_to_port_25_without_tls():
    config = parse_email_url("smtp://mail.example.org", debug=False)
    assert config["EMAIL_PORT"] == 25
    assert config["EMAIL_USE_TLS"] is False
    assert config["EMAIL_USE_SSL"] is False
    assert config["EMAIL_HOST_USER"] == ""


def test_email_url_smtps_uses_ssl_on_465_and_never_tls_too():
    config = parse_email_url("smtps://user:secret@mail.example.org?tls=1", debug=False)
    assert config["EMAIL_PORT"] == 465
    assert config["EMAIL_USE_SSL"] is True
    assert config["EMAIL_USE_TLS"] is False
    assert config["EMAIL_HOST_PASSWORD"] == "secret"


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("locmem://", "django.core.mail.backends.locmem.EmailBackend"),
        ("dummy://", "django.core.mail.backends.dummy.EmailBackend"),
    ],
)
def test_email_url_simple_backends(url, backend):
    assert parse_email_url(url, debug=False) == {"EMAIL_BACKEND": backend}


def test_email_url_file_keeps_the_path():
    assert parse_email_url("file:///var/mail/renda", debug=False) == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/mail/renda",
    }


@pytest.mark.parametrize("url", ["imap://mail.example.org", "http://mail.example.org", "sendmail://"])
def test_email_url_unknown_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL has an unknown scheme"):
        parse_email_url(url, debug=False)


@pytest.mark.parametrize(("debug", "backend"), [(True, "console"), (False, "smtp")])
def test_email_url_unset_depends_on_debug(debug, backend):
    assert parse_email_url("", debug=debug) == {
        "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"
    }


# The settings module itself, imported in a fresh interpreter with production-like environments.

# Nothing of the caller's configuration leaks in; DJANGO_ALLOW_ASYNC_UNSAFE (set by the e2e conftest
# for Playwright) included, which a deployment must not have (async.E001).
CONFIG_PREFIXES = ("DJANGO_", "AXES_", "OUTBOX_", "DATABASE_", "GUNICORN_")
CONFIG_VARIABLES = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "WECOM_WEBHOOK_URL"}


def _run(args, **overrides):
    env = {
        k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES and not k.startswith(CONFIG_PREFIXES)
    }
    env.update({"DJANGO_SETTINGS_MODULE": "renda.settings", "PYTHONDONTWRITEBYTECODE": "1", **overrides})
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("debug", [{}, {"DJANGO_DEBUG": "false"}], ids=["debug-unset", "debug-false"])
def test_production_without_a_secret_key_refuses_to_start(tmp_path, debug):
    result = _run(
        ["-c", "import renda.settings"], DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **debug
    )
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_a_bad_debug_value_refuses_to_start(tmp_path):
    result = _run(
        ["-c", "import renda.settings"],
        DJANGO_DEBUG="sometimes",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG must be true or false, not 'sometimes'" in result.stderr


def test_check_deploy_is_clean_under_production_values(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="renda.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


SHOW_TEST_SETTINGS = (
    "from django.conf import settings as s; print(repr((s.DEBUG, str(s.BASE_DIR), s.ALLOWED_HOSTS, s.HTTPS,"
    " s.STORAGES['staticfiles']['BACKEND'], s.EMAIL_BACKEND, s.DATABASES['default']['ENGINE'],"
    " s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])))"
)
DEVELOPMENT = (
    True,
    str(BASE_DIR),
    ["localhost", "127.0.0.1", "[::1]"],
    False,
    "django.contrib.staticfiles.storage.StaticFilesStorage",
    "django.core.mail.backends.console.EmailBackend",
)


@pytest.mark.parametrize(
    ("services", "expected"),
    [
        ({}, ("django.db.backends.sqlite3", True, "django.core.cache.backends.locmem.LocMemCache")),
        (
            {
                "DATABASE_URL": "postgres://renda@127.0.0.1:5432/renda",
                "REDIS_URL": "redis://127.0.0.1:6379/5",
            },
            ("django.db.backends.postgresql", False, "django.core.cache.backends.redis.RedisCache"),
        ),
    ],
    ids=["embedded", "postgres-and-redis"],
)
def test_the_test_settings_start_without_django_debug_and_keep_the_chosen_services(services, expected):
    # Neither DJANGO_DEBUG nor a secret key in the environment: the development set-up DJANGO_DEBUG=true
    # gives, on the database and broker DATABASE_URL and REDIS_URL choose (CI's PostgreSQL phase).
    result = _run(["-c", SHOW_TEST_SETTINGS], DJANGO_SETTINGS_MODULE="renda.settings.test", **services)
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout.strip()) == (*DEVELOPMENT, *expected)


# Database connections: bounded however Renda runs.

SHOW_DB = (
    "import sys; sys.argv = {argv!r}; from renda import settings as s; d = s.DATABASES['default'];"
    " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d['OPTIONS'].get('connect_timeout'),"
    " d['DISABLE_SERVER_SIDE_CURSORS'])"
)
POSTGRES = "postgres://renda@127.0.0.1:5432/renda"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["manage.py", "runserver"], "0 True 5 False"),  # a thread per request: nothing kept
        (["gunicorn"], "60 True 5 False"),  # a thread pool: one kept connection per thread at most
    ],
)
def test_the_development_server_keeps_no_database_connection(argv, expected):
    result = _run(["-c", SHOW_DB.format(argv=argv)], DJANGO_DEBUG="true", DATABASE_URL=POSTGRES)
    assert result.stdout.strip() == expected, result.stderr


def test_behind_pgbouncer_no_cursor_outlives_its_transaction():
    result = _run(
        ["-c", SHOW_DB.format(argv=["gunicorn"])],
        DJANGO_DEBUG="true",
        DATABASE_URL=POSTGRES,
        DATABASE_PGBOUNCER="true",
        DATABASE_CONN_MAX_AGE="0",
        DATABASE_CONNECT_TIMEOUT="3",
    )
    assert result.stdout.strip() == "0 True 3 True", result.stderr


def test_gunicorn_settings_recycle_workers_with_jitter_and_outlive_the_proxys_keep_alive():
    config = {}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - our own config file
    assert config["worker_class"] == "gthread"
    assert config["workers"] * config["threads"] == 12  # the README's count of web connections
    assert config["keepalive"] > 60  # nginx keeps idle upstream connections 60 s by default
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    assert config["graceful_timeout"] > 0
