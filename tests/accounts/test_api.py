"""The accounts API: token exchange and revocation, the caller's own profile, the schema."""

import pytest
import yaml
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("api-token")
ME_URL = reverse("api-me")


@pytest.fixture
def api():
    return APIClient()


def with_token(key):
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


def request_token(api, email, password=PASSWORD):
    return api.post(TOKEN_URL, {"email": email, "password": password}, format="json")


def test_token_is_issued_for_right_email_and_password(api, candidate):
    """E-mail and password buy the user's token."""
    response = request_token(api, candidate.email)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=candidate).key}


def test_token_request_ignores_email_case(api, candidate):
    """The address matches whatever case it is typed in, as on the login form."""
    response = request_token(api, "Casey@EXAMPLE.com")

    assert response.status_code == 200
    assert Token.objects.filter(user=candidate).exists()


def test_asking_twice_returns_the_same_token(api, candidate):
    """A second request hands back the existing token rather than adding another."""
    first = request_token(api, candidate.email).json()["token"]
    second = request_token(api, candidate.email).json()["token"]

    assert first == second
    assert Token.objects.filter(user=candidate).count() == 1


def test_token_request_with_wrong_password_is_refused(api, candidate):
    """A wrong password answers 400 with a message and issues no token."""
    response = request_token(api, candidate.email, "not-my-password")

    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert not Token.objects.exists()


def test_token_request_for_unknown_email_gets_the_same_answer(api, candidate):
    """An unknown address is refused exactly like a wrong password."""
    unknown = request_token(api, "nobody@example.com", "not-my-password")
    wrong = request_token(api, candidate.email, "not-my-password")

    assert unknown.status_code == 400
    assert unknown.json() == wrong.json()


def test_token_request_for_unverified_email_is_refused(api):
    """A user who has not confirmed their address cannot get a token."""
    user = UserFactory.create(verified=False)

    response = request_token(api, user.email)

    assert response.status_code == 400
    assert "Verify your e-mail" in response.json()["non_field_errors"][0]
    assert not Token.objects.exists()


def test_token_request_for_inactive_user_is_refused(api):
    """A deactivated account gets no token even with the right password."""
    user = UserFactory.create(is_active=False)

    response = request_token(api, user.email)

    assert response.status_code == 400
    assert not Token.objects.exists()


def test_token_request_without_fields_lists_each_missing_field(api):
    """An empty body answers 400 naming both required fields."""
    response = api.post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_token_request_counts_towards_the_account_lockout(api, client, candidate, log_in):
    """Failed API attempts share the login lockout: after five, the right password fails too,
    with 429 and a JSON ``detail``, and the site's login form is locked as well."""
    for _ in range(5):
        request_token(api, candidate.email, "guessing-again-1")

    response = request_token(api, candidate.email)

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.json()["detail"]
    assert not Token.objects.exists()
    assert log_in(client, candidate.email).status_code == 429


def test_eleventh_token_request_in_a_minute_is_throttled(api, candidate):
    """The token endpoint allows ten requests a minute per client, then answers 429.

    The ten are incomplete requests, which check no password: this is the request
    throttle, apart from the failed-password lockout.
    """
    for _ in range(10):
        assert api.post(TOKEN_URL, {}, format="json").status_code == 400

    response = request_token(api, candidate.email)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" not in response.json()["detail"]


def test_forged_forwarded_for_headers_do_not_escape_the_throttle(api, candidate):
    """With no trusted proxy, a client cannot look new by sending its own X-Forwarded-For."""
    for n in range(10):
        api.credentials(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert api.post(TOKEN_URL, {}, format="json").status_code == 400

    api.credentials(HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert request_token(api, candidate.email).status_code == 429


def test_behind_trusted_proxies_each_client_address_has_its_own_allowance(api, candidate, settings):
    """With one trusted proxy, the address it appends is the client's: a busy client is
    throttled while another client behind the same proxy is not."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    busy = "203.0.113.7"
    for _ in range(10):
        api.credentials(HTTP_X_FORWARDED_FOR=f"10.0.0.1, {busy}")
        api.post(TOKEN_URL, {}, format="json")
    assert request_token(api, candidate.email).status_code == 429

    api.credentials(HTTP_X_FORWARDED_FOR=f"{busy}, 203.0.113.8")
    assert request_token(api, candidate.email).status_code == 200


def test_token_authenticates_me(candidate):
    """The token in the Authorization header identifies the user on /me/."""
    token = Token.objects.create(user=candidate)

    response = with_token(token.key).get(ME_URL)

    assert response.status_code == 200
    assert response.json()["email"] == candidate.email
    assert response.json()["role"] == Role.CANDIDATE


def test_bad_token_is_unauthorized(candidate):
    """An unknown token answers 401 and says which scheme to use."""
    response = with_token("0" * 40).get(ME_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_without_credentials_is_unauthorized(api):
    """Anonymous callers are told to authenticate."""
    assert api.get(ME_URL).status_code == 401


def test_delete_revokes_the_token(candidate):
    """DELETE on the token endpoint revokes the caller's token; it then stops working."""
    token = Token.objects.create(user=candidate)
    caller = with_token(token.key)

    response = caller.delete(TOKEN_URL)

    assert response.status_code == 204
    assert not Token.objects.filter(user=candidate).exists()
    assert caller.get(ME_URL).status_code == 401


def test_delete_without_credentials_is_refused(api, candidate):
    """An anonymous DELETE revokes nothing."""
    token = Token.objects.create(user=candidate)

    response = api.delete(TOKEN_URL)

    assert response.status_code == 401
    assert Token.objects.filter(key=token.key).exists()


def test_patch_me_updates_own_profile(candidate):
    """PATCH changes the caller's profile fields and answers with the new values."""
    caller = with_token(Token.objects.create(user=candidate).key)

    response = caller.patch(
        ME_URL, {"headline": "Analyst to APM", "years_of_experience": 3}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["headline"] == "Analyst to APM"
    candidate.refresh_from_db()
    assert (candidate.headline, candidate.years_of_experience) == ("Analyst to APM", 3)


def test_patch_me_with_bad_value_is_refused_whole(candidate):
    """Years above 60 answer 400 for that field and the valid fields beside it are not saved."""
    caller = with_token(Token.objects.create(user=candidate).key)

    response = caller.patch(
        ME_URL, {"headline": "Analyst to APM", "years_of_experience": 99}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["years_of_experience"]
    candidate.refresh_from_db()
    assert candidate.headline == ""
    assert candidate.years_of_experience is None


def test_patch_me_cannot_change_role_staff_or_email(candidate):
    """A candidate cannot make themselves recruiter or staff, nor change their login address."""
    caller = with_token(Token.objects.create(user=candidate).key)

    caller.patch(
        ME_URL,
        {"role": "recruiter", "is_staff": True, "email": "someone@example.com"},
        format="json",
    )

    candidate.refresh_from_db()
    assert candidate.role == Role.CANDIDATE
    assert not candidate.is_staff
    assert not candidate.is_superuser
    assert candidate.email == "casey@example.com"


def test_patch_me_changes_only_the_caller(candidate, recruiter):
    """There is no user id to aim at: PATCH never touches another account."""
    before = recruiter.headline
    caller = with_token(Token.objects.create(user=candidate).key)

    caller.patch(ME_URL, {"headline": "Analyst to APM"}, format="json")

    recruiter.refresh_from_db()
    assert recruiter.headline == before


def test_me_lists_recruiters_companies(recruiter, company):
    """A recruiter's /me/ names the companies they act for."""
    caller = with_token(Token.objects.create(user=recruiter).key)

    assert caller.get(ME_URL).json()["companies"] == [company.slug]


def test_me_refuses_put_and_delete(candidate):
    """Only GET and PATCH are offered: the account cannot be replaced or deleted here."""
    caller = with_token(Token.objects.create(user=candidate).key)

    assert caller.put(ME_URL, {"headline": "x"}, format="json").status_code == 405
    assert caller.delete(ME_URL).status_code == 405


def test_schema_documents_the_accounts_endpoints(client):
    """The OpenAPI schema answers 200 and describes the token and /me/ endpoints."""
    response = client.get(reverse("api-schema"))

    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    assert {"post", "delete"} <= set(paths["/api/v1/auth/token/"])
    assert {"get", "patch"} <= set(paths["/api/v1/me/"])
