from django.contrib.auth import views as auth_views
from django.urls import path

from renda.accounts import views
from renda.accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("home/", views.home, name="home"),
]
