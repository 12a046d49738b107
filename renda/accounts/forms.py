"""Forms of the accounts app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OwnPasswordChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        from renda.accounts.services import user_set_password

        return user_set_password(user=self.user, password=self.cleaned_data["new_password1"])


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The six-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "font-monospace",
            }
        ),
    )

    def clean_code(self):
        # Apps show the code in two groups of three; people copy it with the space.
        return "".join(self.cleaned_data["code"].split())
