"""The daily reminder scan as a registry: each app registers a provider from its AppConfig.ready().

A provider is `provider(today) -> int`, the number of reminders it sent. Providers make their own
reminders idempotent through `notify(key=...)`, whose keys carry the item, the tier and the day.
"""

import logging
from collections.abc import Callable
from datetime import date

logger = logging.getLogger(__name__)

_providers: dict[str, Callable[[date], int]] = {}


def register_reminders(name: str, provider: Callable[[date], int]) -> None:
    _providers[name] = provider


def registered_reminders() -> dict[str, Callable[[date], int]]:
    return dict(_providers)


def run_reminders(*, today: date) -> dict[str, int]:
    results = {}
    for name, provider in _providers.items():
        try:
            results[name] = provider(today)
        except Exception:  # one broken provider must not stop the others
            logger.exception("Reminder provider %s failed", name)
            results[name] = -1
    return results
