"""Small registries that the apps fill from their AppConfig.ready(), so that core never imports them.

- navigation: the entries of the main menu, each with the permission that shows it;
- work queue: counts of what waits for a role ("suggestions to review: 3"), shown on home pages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    icon: str
    permission: str | None = None  # None: every signed-in user
    order: int = 100


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int
    url: str = ""
    level: str = "primary"  # a Bootstrap contextual colour: primary, warning, danger, secondary
    hint: str = ""


@dataclass
class Registry:
    nav: list[NavEntry] = field(default_factory=list)
    queues: list[tuple[str, Callable]] = field(default_factory=list)

    def add_nav(self, entry: NavEntry) -> None:
        if all(e.key != entry.key for e in self.nav):
            self.nav.append(entry)
            self.nav.sort(key=lambda e: e.order)

    def add_queue(self, key: str, provider: Callable) -> None:
        """provider(user) -> list[QueueItem]: what waits for this user."""
        if all(k != key for k, _p in self.queues):
            self.queues.append((key, provider))

    def nav_for(self, user) -> list[NavEntry]:
        return [e for e in self.nav if e.permission is None or user.has_perm(e.permission)]

    def queue_for(self, user) -> list[QueueItem]:
        items = []
        for _key, provider in self.queues:
            items.extend(provider(user))
        return items


registry = Registry()
