"""Fixtures of the core tests: the Celery app under test configurations."""

import kombu.pools
import pytest

from renda import celery_app


def _drop_connection_pools(app):
    # The app's pools are kombu's global ones, made for the broker of the time: close and forget them
    # all, so that the next task sent makes new ones for the broker configured now.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_conf():
    """celery_conf(broker_url=..., task_always_eager=...) changes the app's configuration for one test."""
    saved = {}

    def _configure(**changes):
        for key, value in changes.items():
            saved.setdefault(key, celery_app.conf[key])
            celery_app.conf[key] = value
        _drop_connection_pools(celery_app)
        return celery_app

    yield _configure
    for key, value in saved.items():
        celery_app.conf[key] = value
    _drop_connection_pools(celery_app)


@pytest.fixture
def eager_celery(celery_conf):
    """Tasks run in-process when queued, whatever REDIS_URL says."""
    return celery_conf(task_always_eager=True)
