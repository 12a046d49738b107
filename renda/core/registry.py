"""Small registries that the apps fill from their AppConfig.ready(), so that core never imports them.

- navigation: the entries of the main menu, each with the permission that shows it;
- work queue: counts of what waits for a role ("suggestions to review: 3"), shown on home pages;
- duty record: each app's section of a deputy's duty record (履职档案), rendered and exported;
- public portal: the sections of the anonymous portal at /public/ (an app above publicity adds its
  own published registers there without publicity importing it).
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
    parent: str = ""  # key of the entry whose menu this one joins (when the user sees that entry)


@dataclass(frozen=True)
class QueueItem:
    label: str
    count: int
    url: str = ""
    level: str = "primary"  # a Bootstrap contextual colour: primary, warning, danger, secondary
    hint: str = ""


@dataclass
class DutySection:
    """One app's part of a deputy's duty record.

    `template` renders `context` on the page; `headers` and `rows` are the same facts as a sheet
    of the .xlsx export (one sheet per section, named `title`).
    """

    key: str
    title: str
    template: str
    context: dict
    headers: list[str]
    rows: list[list]
    count: int = 0


@dataclass
class Registry:
    nav: list[NavEntry] = field(default_factory=list)
    queues: list[tuple[str, Callable]] = field(default_factory=list)
    duty_sections: list[tuple[int, str, Callable]] = field(default_factory=list)
    public_nav: list[NavEntry] = field(default_factory=list)

    def add_nav(self, entry: NavEntry) -> None:
        if all(e.key != entry.key for e in self.nav):
            self.nav.append(entry)
            self.nav.sort(key=lambda e: e.order)

    def add_public_nav(self, entry: NavEntry) -> None:
        """A section of the public portal; its permission is ignored (the portal has no login)."""
        if all(e.key != entry.key for e in self.public_nav):
            self.public_nav.append(entry)
            self.public_nav.sort(key=lambda e: e.order)

    def add_queue(self, key: str, provider: Callable) -> None:
        """provider(user) -> list[QueueItem]: what waits for this user."""
        if all(k != key for k, _p in self.queues):
            self.queues.append((key, provider))

    def add_duty_section(self, key: str, provider: Callable, *, order: int) -> None:
        """provider(deputy, *, year=None) -> DutySection; year None means the whole record."""
        if all(k != key for _o, k, _p in self.duty_sections):
            self.duty_sections.append((order, key, provider))
            self.duty_sections.sort(key=lambda t: (t[0], t[1]))

    def duty_record(self, deputy, *, year: int | None = None) -> list[DutySection]:
        return [provider(deputy, year=year) for _order, _key, provider in self.duty_sections]

    def nav_for(self, user) -> list[NavEntry]:
        return [e for e in self.nav if e.permission is None or _holds(user, e.permission)]

    def queue_for(self, user) -> list[QueueItem]:
        items = []
        for _key, provider in self.queues:
            items.extend(provider(user))
        return items


def _holds(user, permission: str) -> bool:
    # "act as a deputy / a unit" mark a role rather than grant a power: a superuser, who has every
    # permission, is not shown the deputy's and the unit's own pages unless a role group gives them.
    if user.is_superuser and permission.startswith("accounts.act_as_"):
        # get_group_permissions() grants a superuser everything, so read the groups' own, once.
        if not hasattr(user, "_role_codenames"):
            user._role_codenames = set(user.groups.values_list("permissions__codename", flat=True))
        return permission.split(".", 1)[1] in user._role_codenames
    return user.has_perm(permission)


registry = Registry()
