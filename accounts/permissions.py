"""DRF permissions: staff only, and ownership for viewsets (core.selectors holds the ownership
reads every app uses: someone else's object answers 404 exactly like a missing one)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.permissions import BasePermission

from core.selectors import OWNER_FIELD, owned_by


class OwnedQuerysetMixin:
    """For viewsets: `queryset` narrowed to request.user; new objects are saved as theirs.

        class PostingViewSet(OwnedQuerysetMixin, viewsets.ModelViewSet):
            queryset = JobPosting.objects.all()
            owner_field = "owner"
    """

    owner_field = OWNER_FIELD

    def get_queryset(self):
        return owned_by(super().get_queryset(), self.request.user, owner_field=self.owner_field)

    def get_object(self):
        # lookups that cannot even be cast (e.g. "abc" for an integer id) are a 404, not a 500
        try:
            return super().get_object()
        except (ValueError, TypeError, ValidationError, OverflowError) as exc:
            raise Http404 from exc

    def perform_create(self, serializer):
        serializer.save(**{self.owner_field: self.request.user})


class IsStaff(BasePermission):
    """Authenticated staff members only (API-key administration)."""

    message = "Staff only."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.is_active)


class IsOwner(BasePermission):
    """Object-level check for views that fetch objects another way than OwnedQuerysetMixin.

    A foreign object raises Http404 (not 403) so the answer equals that for a missing id.
    """

    def has_object_permission(self, request, view, obj) -> bool:
        path = getattr(view, "owner_field", OWNER_FIELD).split("__")
        for part in path[:-1]:
            obj = getattr(obj, part, None)
        owner_id = getattr(obj, f"{path[-1]}_id", None)
        if owner_id is None or owner_id != getattr(request.user, "pk", None):
            raise Http404
        return True
