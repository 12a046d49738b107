"""Demo accounts, one or two per role, with the documented password; invented people only."""

from django.contrib.auth.models import Group

from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.core.models import Unit

DEMO_PASSWORD = "jixian-demo"  # noqa: S105 - documented in the README, demo data only

# username, display name, role, unit name (for unit users)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, None),
    ("staff", "韩雪梅", Role.STAFF, None),
    ("director", "贺建平", Role.DIRECTOR, None),
    ("deputy", "冯志刚", Role.DEPUTY, None),
    ("deputy2", "薛丽娟", Role.DEPUTY, None),
    ("unit", "郭晓东", Role.UNIT, "县农业农村局"),
    ("unit2", "曹文静", Role.UNIT, "县交通运输局"),
]


def load_demo_users(stdout) -> None:
    for username, display_name, role, unit_name in DEMO_USERS:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "email": f"{username}@example.com",
                "unit": Unit.objects.get(name=unit_name) if unit_name else None,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                "is_active": True,
                "must_change_password": False,
            },
        )
        if created or not user.has_usable_password():
            # Hashing is slow on purpose; a password someone changed since stays as they chose it.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role.value)])
    stdout.write(f"demo accounts: {', '.join(u[0] for u in DEMO_USERS)} (password {DEMO_PASSWORD})")
