"""Seed 001 API keys: staff create → use → revoke → refused, the bad-key body, hashing, admin, command."""
import io

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.conftest import api_login
from tests.factories import bearer

BAD_KEY_BODY = {"detail": "Invalid API key", "status_code": 401}


@pytest.fixture
def staff_token(http, make_user):
    staff = make_user(username="ops", email="ops@example.com", staff=True)
    return api_login(http, staff.email)["access_token"]


def test_create_use_revoke_refuse(http, make_user, staff_token):
    from accounts.models import ApiKey

    owner = make_user(username="kiosk_owner", email="kiosk@example.com", full_name="키오스크")
    created = http.post("/admin/api-keys", headers=bearer(staff_token), timeout=15,
                            json={"name": "avatar kiosk", "owner": "kiosk_owner"})
    assert created.status_code == 201, created.text
    body = created.json()
    key = body["key"]
    assert key.startswith("ick_") and len(key) > 40 and body["prefix"] == key[:12]
    assert body["owner"]["username"] == "kiosk_owner" and body["is_active"] is True and body["revoked_at"] is None
    assert created.headers["Cache-Control"] == "no-store"

    # only a hash is stored: the full key appears in no column
    row = ApiKey.objects.get(pk=body["id"])
    assert key not in {str(value) for value in row.__dict__.values()} and len(row.key_hash) == 64

    # use it on authenticated endpoints of two surfaces
    me = http.get("/users/me", headers={"X-API-Key": key}, timeout=15)
    assert me.status_code == 200 and me.json()["username"] == "kiosk_owner"
    profile = http.get("/api/users/me", headers={"X-API-Key": key}, timeout=15)
    assert profile.status_code == 200 and profile.json()["name"] == "키오스크"
    row.refresh_from_db()
    assert row.last_used_at is not None

    # listed without the secret
    listing = http.get("/admin/api-keys", headers=bearer(staff_token), timeout=15).json()
    assert listing["total"] == 1 and "key" not in listing["api_keys"][0]
    assert listing["api_keys"][0]["last_used_at"] is not None

    revoked = http.delete(f"/admin/api-keys/{body['id']}", headers=bearer(staff_token), timeout=15)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] and revoked.json()["is_active"] is False

    refused = http.get("/users/me", headers={"X-API-Key": key}, timeout=15)
    assert refused.status_code == 401 and refused.json() == BAD_KEY_BODY
    assert http.get("/api/users/me", headers={"X-API-Key": key}, timeout=15).json() == BAD_KEY_BODY
    active = http.get("/admin/api-keys?active=true", headers=bearer(staff_token), timeout=15).json()
    assert active["total"] == 0


def test_revoke_endpoint_is_idempotent_and_unknown_ids_404(http, staff_token):
    key = http.post("/admin/api-keys", headers=bearer(staff_token), json={"name": "ci"}, timeout=15).json()
    first = http.post(f"/admin/api-keys/{key['id']}/revoke", headers=bearer(staff_token), timeout=15)
    second = http.post(f"/admin/api-keys/{key['id']}/revoke", headers=bearer(staff_token), timeout=15)
    assert first.status_code == second.status_code == 200
    assert first.json()["revoked_at"] == second.json()["revoked_at"]
    missing = http.delete(f"/admin/api-keys/999999", headers=bearer(staff_token), timeout=15)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    assert set(missing.json()["error"]) == {"code", "message", "details", "timestamp", "request_id"}


def test_staff_only(http, make_user, staff_token):
    user = make_user()
    user_token = api_login(http, user.email)["access_token"]
    forbidden = http.get("/admin/api-keys", headers=bearer(user_token), timeout=15)
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "FORBIDDEN"
    anonymous = http.post("/admin/api-keys", json={"name": "x"}, timeout=15)
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "UNAUTHORIZED"
    bad_key = http.get("/admin/api-keys", headers={"X-API-Key": "ick_nope"}, timeout=15)
    assert bad_key.status_code == 401 and bad_key.json() == BAD_KEY_BODY
    # a staff member's own key works on the admin API too
    own = http.post("/admin/api-keys", headers=bearer(staff_token), json={"name": "ops"}, timeout=15).json()
    assert http.get("/admin/api-keys", headers={"X-API-Key": own["key"]}, timeout=15).status_code == 200
    # but a non-staff user's key does not open it
    users_key = http.post("/admin/api-keys", headers=bearer(staff_token), timeout=15,
                              json={"name": "u", "owner": user.email}).json()["key"]
    assert http.get("/admin/api-keys", headers={"X-API-Key": users_key}, timeout=15).status_code == 403


def test_create_validation(http, staff_token):
    for payload, field in (({}, "name"), ({"name": "  "}, "name"), ({"name": "x" * 101}, "name"),
                           ({"name": "ok", "owner": "nobody-here"}, "owner")):
        response = http.post("/admin/api-keys", headers=bearer(staff_token), json=payload, timeout=15)
        assert response.status_code == 400, payload
        assert response.json()["error"]["code"] == "INVALID_REQUEST" and field in response.json()["error"]["details"]


def test_management_command_creates_a_working_key(db, make_user):
    from accounts import selectors

    owner = make_user(username="shelluser", email="shell@example.com")
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "--user", "shell@example.com", "--name", "nightly job", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert key.startswith("ick_") and "cannot be shown again" in err.getvalue()
    found = selectors.api_key_get_active(key)
    assert found.owner == owner and found.name == "nightly job"
    with pytest.raises(CommandError):
        call_command("create_api_key", "--user", "ghost", "--name", "x", stdout=io.StringIO())


def test_django_admin_creates_shows_once_and_revokes(admin_client, make_user):
    from accounts import selectors
    from accounts.models import ApiKey

    owner = make_user(username="adminmade")
    response = admin_client.post("/admin/accounts/apikey/add/", {"owner": owner.pk, "name": "from admin"}, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    key = next(part for m in shown for part in m.replace("<", " ").replace(">", " ").split() if part.startswith("ick_"))
    api_key = ApiKey.objects.get(name="from admin")
    assert selectors.api_key_get_active(key) == api_key
    changelist = admin_client.get("/admin/accounts/apikey/?q=adminmade")
    assert changelist.status_code == 200 and b"from admin" in changelist.content and key.encode() not in changelist.content
    admin_client.post("/admin/accounts/apikey/", {"action": "revoke_keys", "_selected_action": [api_key.pk]})
    assert selectors.api_key_get_active(key) is None


def test_user_admin_search_and_filters(admin_client, make_user):
    make_user(username="findme", full_name="검색대상", gender="female")
    found = admin_client.get("/admin/accounts/user/?q=검색대상")
    assert found.status_code == 200 and b"findme" in found.content
    filtered = admin_client.get("/admin/accounts/user/?gender__exact=male")
    assert filtered.status_code == 200 and b"findme" not in filtered.content
    change = admin_client.get(f"/admin/accounts/user/{found.context['cl'].result_list[0].pk}/change/")
    assert change.status_code == 200 and b"career_summary" in change.content
    assert admin_client.get("/admin/accounts/user/add/").status_code == 200
