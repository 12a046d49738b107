"""The test suite's settings (pytest's DJANGO_SETTINGS_MODULE): base.py in its development set-up."""

import os

# The values DJANGO_DEBUG=true gives (a built-in secret key, localhost hosts, no HTTPS settings,
# console e-mail, unhashed static files), as under `make test`; DATABASE_URL and REDIS_URL still choose
# PostgreSQL and Redis over SQLite and eager Celery. Set in the environment rather than overridden
# below so that every value derived from DEBUG follows, and so that the processes a test starts
# inherit it as they do under `make`. An explicit DJANGO_DEBUG still wins, as today.
os.environ.setdefault("DJANGO_DEBUG", "true")

from renda.settings.base import *  # noqa: F403
