"""Admin for accounts: accounts made here must choose their own password at first sign-in."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renda.accounts.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "display_name",
        "unit",
        "phone",
        "is_active",
        "must_change_password",
        "last_login",
    ]
    list_filter = ["groups", "is_active", "must_change_password", "unit__kind"]
    search_fields = ["username", "display_name", "phone", "email"]
    list_select_related = ["unit"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "phone", "email", "unit")}),
        (
            _("Roles and access"),
            {"fields": ("groups", "is_active", "must_change_password", "is_staff", "is_superuser")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "display_name", "unit", "password1", "password2")},
        ),
    )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
