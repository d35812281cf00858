"""Forms of the account pages. Labels are English msgids; Korean lives in accounts/locale."""
from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from accounts import selectors, services, throttle
from accounts.models import User


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    full_name = forms.CharField(label=_("Name"), max_length=100, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    username = forms.CharField(label=_("Username (optional)"), max_length=150, required=False,
                               validators=[UnicodeUsernameValidator()],
                               help_text=_("Leave empty to use your email address."),
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password (again)"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if selectors.email_taken(email):
            raise forms.ValidationError(_("An account with this email already exists."), code="email_taken")
        return email

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username", "").strip()
        if username and selectors.username_taken(username):
            raise forms.ValidationError(_("This username is already taken."), code="username_taken")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", forms.ValidationError(_("The two passwords do not match."),
                                                              code="password_mismatch"))
        elif password1:
            candidate = User(username=cleaned.get("username") or cleaned.get("email") or "",
                             email=cleaned.get("email"), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def save(self) -> User:
        data = self.cleaned_data
        try:
            return services.user_create(email=data["email"], username=data.get("username") or None,
                                        password=data["password1"], full_name=data.get("full_name", ""))
        except (services.EmailTaken, services.UsernameTaken) as exc:  # lost a race with another sign-up
            field = "email" if isinstance(exc, services.EmailTaken) else "username"
            self.add_error(field, _("An account with this email already exists.") if field == "email"
                           else _("This username is already taken."))
            raise forms.ValidationError("taken") from exc


class LoginForm(forms.Form):
    """Email or username plus password, throttled like the APIs (interface of AuthenticationForm)."""

    username = forms.CharField(label=_("Email or username"), max_length=254,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        self.retry_after: int | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        identifier, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if identifier and password:
            try:
                self.user_cache = services.user_authenticate(request=self.request, identifier=identifier,
                                                             password=password, prefer_email="@" in identifier)
            except throttle.LoginThrottled as exc:
                self.retry_after = exc.retry_after
                minutes = max(1, -(-exc.retry_after // 60))
                raise forms.ValidationError(
                    _("Too many failed log-in attempts. Please try again in %(minutes)s minutes."),
                    code="throttled", params={"minutes": minutes}) from exc
            if self.user_cache is None:
                raise forms.ValidationError(_("The email (or username) or the password is incorrect."),
                                            code="invalid_login")
        return self.cleaned_data

    def get_user(self) -> User | None:
        return self.user_cache


class ProfileForm(forms.ModelForm):
    """The "스펙" that AI feedback and interview questions use."""

    class Meta:
        model = User
        fields = ["full_name", "email", "age", "gender", "career_summary", "certifications"]
        labels = {"full_name": _("Name"), "email": _("Email"), "age": _("Age"), "gender": _("Gender"),
                  "career_summary": _("Career summary"), "certifications": _("Certifications")}
        help_texts = {
            "career_summary": _("For example: backend development, 3 years (Python/Django, payments)."),
            "certifications": _("Separate with commas, e.g. 정보처리기사, AWS SAA."),
        }
        widgets = {"career_summary": forms.Textarea(attrs={"rows": 5}),
                   "certifications": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Prefer not to say")), *User.Gender.choices]
        self.fields["age"].widget.attrs.update({"min": 0, "max": 150})
        self.fields["age"].validators.append(_max_age)
        self.fields["career_summary"].max_length = 5000
        self.fields["certifications"].max_length = 2000

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower() or None
        if email and selectors.email_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("An account with this email already exists."), code="email_taken")
        return email

    def save(self, commit: bool = True) -> User:
        data = self.cleaned_data
        return services.user_update_profile(user=self.instance, email=data.get("email") or "",
                                            **{name: data.get(name) for name in services.PROFILE_FIELDS})


def _max_age(value):
    if value is not None and value > 150:
        raise forms.ValidationError(_("Enter an age between 0 and 150."), code="max_value")


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Key name"), max_length=100,
                           help_text=_("What the key is for, e.g. \"avatar kiosk\"."))
    owner = forms.CharField(label=_("Owner (username or email)"), max_length=254, required=False,
                            help_text=_("Leave empty to own the key yourself."))

    def clean_owner(self) -> User | None:
        ref = self.cleaned_data.get("owner", "").strip()
        if not ref:
            return None
        user = selectors.user_find_for_login(ref, prefer_email="@" in ref)
        if user is None:
            raise forms.ValidationError(_("No user with this username or email."), code="unknown_user")
        return user
