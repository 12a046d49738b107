"""The user account: a person who signs in, with an optional handling unit."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.accounts.roles import Role


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For handling-unit users: the unit whose items they may see."),
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for accounts created by staff: the first sign-in asks for a new password."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_work_queue", _("Can see the committee's work queue")),
            ("view_dashboards", _("Can see the director-meeting dashboards")),
            ("act_as_deputy", _("Can act as a deputy")),
            ("act_as_unit", _("Can act for a handling unit")),
            ("manage_accounts", _("Can create and reset accounts")),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.display_name or super().get_full_name().strip()

    @property
    def roles(self) -> list[Role]:
        """The user's roles, from their groups (cached for the request)."""
        if not hasattr(self, "_roles_cache"):
            names = {g.name for g in self.groups.all()}
            self._roles_cache = [role for role in Role if role.value in names]
            if self.is_superuser and Role.ADMIN not in self._roles_cache:
                self._roles_cache.insert(0, Role.ADMIN)
        return self._roles_cache

    @property
    def primary_role(self) -> Role | None:
        return self.roles[0] if self.roles else None

    def has_role(self, role: Role) -> bool:
        return role in self.roles
