"""Ownership helpers: another user's object is a 404 exactly like a missing one."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts import services
from accounts.models import ApiKey
from accounts.permissions import IsOwner, IsStaff, OwnedQuerysetMixin
from core.selectors import owned_by, owned_or_404

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(make_user):
    alice, bob = make_user(), make_user()
    return alice, bob, services.api_key_create(owner=alice, name="alice's")[0], services.api_key_create(owner=bob, name="bob's")[0]


def test_owned_or_404(keys):
    alice, bob, alices, bobs = keys
    assert owned_or_404(ApiKey.objects.all(), alice, owner_field="owner", pk=alices.pk) == alices
    assert owned_or_404(ApiKey, alice, owner_field="owner", pk=alices.pk) == alices
    for user, lookup in ((alice, {"pk": bobs.pk}), (alice, {"pk": 10 ** 12}), (alice, {"pk": "abc"}),
                         (AnonymousUser(), {"pk": alices.pk}), (None, {"pk": alices.pk})):
        with pytest.raises(Http404):
            owned_or_404(ApiKey.objects.all(), user, owner_field="owner", **lookup)
    assert list(owned_by(ApiKey.objects.all(), bob, owner_field="owner")) == [bobs]


class KeySerializer(serializers.ModelSerializer):
    key_hash = serializers.CharField(write_only=True)

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "key_hash"]


class MyKeys(OwnedQuerysetMixin, viewsets.ModelViewSet):
    queryset = ApiKey.objects.all()
    serializer_class = KeySerializer
    owner_field = "owner"
    pagination_class = None


def test_owned_queryset_mixin_lists_reads_and_creates_only_own(keys):
    alice, bob, alices, bobs = keys
    factory = APIRequestFactory()

    def call(method, action, user, pk=None, data=None):
        request = getattr(factory, method)("/keys", data or {}, format="json")
        force_authenticate(request, user=user)
        kwargs = {"pk": pk} if pk is not None else {}
        return MyKeys.as_view({method: action})(request, **kwargs)

    listing = call("get", "list", alice)
    assert listing.status_code == 200, listing.data
    assert [row["id"] for row in listing.data] == [alices.pk]
    assert call("get", "retrieve", alice, pk=alices.pk).status_code == 200
    assert call("get", "retrieve", alice, pk=bobs.pk).status_code == 404
    assert call("get", "retrieve", alice, pk="not-a-number").status_code == 404
    assert call("delete", "destroy", alice, pk=bobs.pk).status_code == 404
    assert ApiKey.objects.filter(pk=bobs.pk).exists()
    created = call("post", "create", bob, data={"name": "new", "prefix": "p", "key_hash": "f" * 64})
    assert created.status_code == 201 and ApiKey.objects.get(pk=created.data["id"]).owner == bob


def test_is_staff_and_is_owner(keys, make_user):
    alice, bob, alices, _ = keys
    staff = make_user(staff=True)
    factory = APIRequestFactory()
    request = factory.get("/")
    for user, expected in ((staff, True), (alice, False), (AnonymousUser(), False)):
        request.user = user
        assert IsStaff().has_permission(request, None) is expected

    class View:
        owner_field = "owner"

    request.user = alice
    assert IsOwner().has_object_permission(request, View(), alices) is True
    request.user = bob
    with pytest.raises(Http404):
        IsOwner().has_object_permission(request, View(), alices)
