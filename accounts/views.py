"""Account pages: sign up, log in/out, profile (스펙), password change, staff API keys."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from accounts import selectors, services
from accounts.forms import ApiKeyForm, LoginForm, ProfileForm, SignupForm
from accounts.models import User

BACKEND = "accounts.backends.EmailOrUsernameBackend"


@method_decorator([sensitive_post_parameters("password1", "password2"), never_cache], name="dispatch")
class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = form.save()
        except ValidationError:
            return self.form_invalid(form)
        login(self.request, user, backend=BACKEND)
        messages.success(self.request, _("Welcome! Your account is ready."))
        return redirect(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429  # throttled: tell scripts and proxies too
            response["Retry-After"] = str(form.retry_after)
        return response

    def form_valid(self, form):
        user = form.get_user()
        user.backend = BACKEND
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        session_key = request.session.session_key
        response = super().post(request, *args, **kwargs)
        if session_key:
            services.sockets_close("session", session_key)
        messages.info(request, _("You have been logged out."))
        return response


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # a fresh copy: a rejected form must not change the name shown in the header
        kwargs["instance"] = User.objects.get(pk=self.request.user.pk)
        return kwargs

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("accounts:profile")


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class PasswordChangeView(LoginRequiredMixin, FormView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.user_change_password(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)  # stay logged in here, out elsewhere
        messages.success(self.request, _("Your password has been changed. Apps using your old tokens must log in again."))
        return redirect("accounts:profile")


@method_decorator(never_cache, name="dispatch")
class ApiKeysView(LoginRequiredMixin, View):
    """Staff: create (the key is shown once, on the response to the POST), list and revoke keys."""

    template_name = "accounts/api_keys.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_staff:
            raise Http404  # the page does not exist for non-staff
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, *, new_key: str | None = None, created=None):
        keys = selectors.api_key_list()[:200]
        return render(self.request, self.template_name,
                      {"form": form, "keys": keys, "new_key": new_key, "created": created})

    def get(self, request):
        return self.render_page(ApiKeyForm())

    def post(self, request):
        if request.POST.get("action") == "revoke":
            api_key = selectors.api_key_list().filter(pk=_int_or_none(request.POST.get("key_id"))).first()
            if api_key is None:
                raise Http404
            services.api_key_revoke(api_key=api_key)
            messages.success(request, _("The key \"%(name)s\" has been revoked.") % {"name": api_key.name})
            return redirect(reverse("accounts:api_keys"))
        form = ApiKeyForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        api_key, raw = services.api_key_create(owner=form.cleaned_data["owner"] or request.user,
                                               name=form.cleaned_data["name"])
        return self.render_page(ApiKeyForm(), new_key=raw, created=api_key)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
