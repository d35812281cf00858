from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import ApiKey, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "full_name", "age", "gender", "is_staff", "is_active", "created_at", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "gender", "created_at", "last_login", "groups"]
    search_fields = ["username", "email", "full_name", "career_summary", "certifications"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Profile"), {"fields": ("full_name", "email", "age", "gender", "career_summary", "certifications")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "full_name", "usable_password",
                                                 "password1", "password2")}),
    )


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Adding a key here generates it; the full key appears once, in the confirmation message."""

    list_display = ["name", "prefix_display", "owner", "created_at", "last_used_at", "status"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at", "last_used_at"]
    search_fields = ["name", "prefix", "owner__username", "owner__email"]
    autocomplete_fields = ["owner"]
    list_select_related = ["owner"]
    actions = ["revoke_keys"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        return ["owner", "name"] if obj is None else ["owner", "name", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["owner", "prefix", "created_at", "last_used_at", "revoked_at"]

    @admin.display(description=_("prefix"))
    def prefix_display(self, obj):
        return format_html("<code>{}…</code>", obj.prefix)

    @admin.display(description=_("status"), boolean=False)
    def status(self, obj):
        return _("active") if obj.is_active else _("revoked")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        api_key, raw = services.api_key_create(owner=obj.owner, name=obj.name)
        obj.pk, obj.prefix, obj.key_hash, obj.created_at = api_key.pk, api_key.prefix, api_key.key_hash, api_key.created_at
        obj._state.adding = False
        messages.warning(request, format_html(
            _("New API key: {} — copy it now, it will not be shown again."), format_html("<code>{}</code>", raw)))

    @admin.action(description=_("Revoke selected keys"))
    def revoke_keys(self, request, queryset):
        for api_key in queryset.filter(revoked_at__isnull=True):
            services.api_key_revoke(api_key=api_key)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so last-use history stays
