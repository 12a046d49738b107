"""The settings production and every entry point load (DJANGO_SETTINGS_MODULE=renda.settings): base.py."""

import os

# Importing renda.settings.test runs this file first, and base.py would refuse to start here without
# the production variables the test settings exist to spare; those import base.py themselves.
if os.environ.get("DJANGO_SETTINGS_MODULE") != "renda.settings.test":
    from renda.settings.base import *  # noqa: F403
