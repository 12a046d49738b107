"""The signed-in roles of Renda as Groups, and the permissions each one holds.

Each role is a Group named by its code. ROLE_PERMISSIONS is the single list of what a role may do;
`sync_role_groups` keeps the Groups in step with it after every migrate, so a later app adds its
permissions here and they reach the Groups once its migration has created them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Order is precedence: a user with several roles lands on the home page of the first.
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Committee staff")
    DIRECTOR = "director", _("Director meeting")
    DEPUTY = "deputy", _("Deputy")
    UNIT = "unit", _("Handling unit")


# The roles that reach deputies' and residents' personal data across the committee's work: with
# RENDA_OTP_REQUIRED on they must pass a TOTP code after the password (renda/accounts/otp.py).
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.DIRECTOR})


DEPUTIES_STAFF = [
    "deputies.view_all_deputies",
    "deputies.manage_deputies",
    "deputies.import_deputies",
    "deputies.create_deputy_accounts",
    "liaison.view_liaison",
    "liaison.manage_liaison",
    "liaison.route_opinion",
    "liaison.record_own_reception",
]

PROPOSALS_STAFF = [
    "proposals.view_all_suggestions",
    "proposals.review_suggestion",
    "proposals.file_on_behalf",
    "proposals.export_ledger",
    "proposals.view_policy",
]

PUBLICITY_STAFF = ["publicity.edit_publicity", "publicity.review_publicity"]

MEETINGS_STAFF = ["meetings.view_meetings", "meetings.manage_meetings"]

REFERENCE_DATA = [
    f"core.{verb}_{model}"
    for model in ("township", "unit", "term", "session", "calendarday", "calendaryear")
    for verb in ("view", "add", "change", "delete")
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [
        *REFERENCE_DATA,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.manage_accounts",
        "accounts.view_work_queue",
        "accounts.view_dashboards",
        "auth.view_group",
        # Resetting a user's second step is deleting their device; they enrol again at next sign-in.
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "core.view_outboxmessage",
        "core.change_outboxmessage",
        "core.view_transition",
        "core.view_reminder",
        "core.view_reminderpolicy",
        "core.change_reminderpolicy",
        *DEPUTIES_STAFF,
        *PROPOSALS_STAFF,
        "proposals.change_policy",
        "supervision.view_supervision",
        "supervision.manage_supervision",
        "supervision.approve_supervision",
        "supervision.view_policy",
        "supervision.change_policy",
        *PUBLICITY_STAFF,
        *MEETINGS_STAFF,
        "meetings.approve_minutes",
    ],
    Role.STAFF: [
        *DEPUTIES_STAFF,
        *PROPOSALS_STAFF,
        "supervision.view_supervision",
        "supervision.manage_supervision",
        *PUBLICITY_STAFF,
        *MEETINGS_STAFF,
        "accounts.view_work_queue",
        "accounts.view_dashboards",
        "accounts.view_user",
        "accounts.manage_accounts",
        "core.view_township",
        "core.view_unit",
        "core.view_term",
        "core.view_session",
        "core.view_calendarday",
        "core.view_calendaryear",
        "core.view_outboxmessage",
        "core.view_transition",
    ],
    Role.DIRECTOR: [
        "accounts.view_dashboards",
        "deputies.view_all_deputies",
        "liaison.view_liaison",
        "proposals.view_all_suggestions",
        "proposals.approve_extension",
        "proposals.mark_key",
        "proposals.export_ledger",
        "supervision.view_supervision",
        "supervision.approve_supervision",
        "publicity.review_publicity",
        "meetings.view_meetings",
        "meetings.approve_minutes",
        "core.view_township",
        "core.view_unit",
        "core.view_term",
        "core.view_session",
    ],
    Role.DEPUTY: ["accounts.act_as_deputy", "liaison.record_own_reception"],
    Role.UNIT: ["accounts.act_as_unit"],
}


def sync_role_groups(*, apps=None, verbosity: int = 0) -> None:
    """Create the role Groups and give each exactly the permissions that exist of ROLE_PERMISSIONS."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {p for perms in ROLE_PERMISSIONS.values() for p in perms}
    by_name = {}
    for perm in Permission.objects.select_related("content_type").filter(
        codename__in={p.split(".", 1)[1] for p in wanted}
    ):
        by_name[f"{perm.content_type.app_label}.{perm.codename}"] = perm
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = [by_name[p] for p in ROLE_PERMISSIONS[role] if p in by_name]
        group.permissions.set(perms)
