from django.urls import path, re_path

from accounts import views
from accounts.api import views as api
from core.errors import surface
from core.handlers import unmatched

app_name = "accounts"
urlpatterns = [
    # seed 002
    *surface("drf", [
        path("register", api.Seed002RegisterView.as_view(), name="seed002-register"),
        path("token", api.Seed002TokenView.as_view(), name="seed002-token"),
        path("users/me", api.Seed002MeView.as_view(), name="seed002-me"),
    ], owns=("users/",)),
    # seed 003
    *surface("drf", [
        path("api/auth/register", api.Seed003RegisterView.as_view(), name="api-register"),
        path("api/auth/login", api.Seed003LoginView.as_view(), name="api-login"),
        path("api/auth/refresh", api.Seed003RefreshView.as_view(), name="api-refresh"),
        path("api/auth/logout", api.Seed003LogoutView.as_view(), name="api-logout"),
        path("api/users/me", api.Seed003MeView.as_view(), name="api-me"),
    ], owns=("api/",)),
    # seed 001: staff API-key administration (before Django admin's own "admin/" URLs)
    *surface("seed001", [
        path("admin/api-keys", api.ApiKeyListCreateView.as_view(), name="api-keys"),
        path("admin/api-keys/<int:key_id>", api.ApiKeyDetailView.as_view(), name="api-key"),
        path("admin/api-keys/<int:key_id>/revoke", api.ApiKeyRevokeView.as_view(), name="api-key-revoke"),
        # anything else under it is this API's 404, not Django admin's log-in redirect
        re_path(r"^admin/api-keys/", unmatched()),
    ], owns=("admin/api-keys",)),
    # pages
    path("accounts/signup", views.SignupView.as_view(), name="signup"),
    path("accounts/login", views.LoginView.as_view(), name="login"),
    path("accounts/logout", views.LogoutView.as_view(), name="logout"),
    path("accounts/profile", views.ProfileView.as_view(), name="profile"),
    path("accounts/password", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/api-keys", views.ApiKeysView.as_view(), name="api_keys"),
]
