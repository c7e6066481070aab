"""One lockout for every door that checks a password: per account and per client address."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib import auth
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "guessing-again-1"
NEW_PASSWORD = "a-brand-new-passphrase-7"
HERE = "198.51.100.10"
ELSEWHERE = "203.0.113.20"
LOCKED_TEXT = "Too many failed sign-in attempts"


@dataclass(frozen=True)
class Door:
    """A place that checks a password: how to knock, and whether the knock opened it."""

    name: str
    knock: Callable[[User, str, str], Any]
    opened: Callable[[Any], bool]

    def __str__(self) -> str:
        return self.name


def site_login(user: User, password: str, address: str) -> Any:
    return Client().post(
        reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=address
    )


def admin_login(user: User, password: str, address: str) -> Any:
    return Client().post(
        reverse("admin:login"),
        {"username": user.email, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def api_token(user: User, password: str, address: str) -> Any:
    return APIClient().post(
        reverse("api-token"),
        {"email": user.email, "password": password},
        format="json",
        REMOTE_ADDR=address,
    )


def password_change(user: User, password: str, address: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        REMOTE_ADDR=address,
    )


def reauthentication(user: User, password: str, address: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(
        reverse("account_reauthenticate"), {"password": password}, REMOTE_ADDR=address
    )


def redirected(response: Any) -> bool:
    return response.status_code == 302


DOORS = [
    Door("site login", site_login, redirected),
    Door("admin login", admin_login, redirected),
    Door("API token", api_token, lambda response: response.status_code == 200),
    Door("password change", password_change, redirected),
    Door("re-authentication", reauthentication, redirected),
]


@pytest.fixture(params=DOORS, ids=str)
def door(request) -> Door:
    return request.param


@pytest.fixture
def limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def staff(email: str) -> User:
    """Staff, so that the admin's door opens for the right password too."""
    return UserFactory.create(email=email, is_staff=True)


@pytest.fixture
def ada(db) -> User:
    return staff("alex@example.com")


@pytest.fixture
def bob(db) -> User:
    return staff("bob@example.com")


def fail(door: Door, user: User, times: int, address: str = HERE) -> None:
    for _ in range(times):
        response = door.knock(user, WRONG, address)
        assert not door.opened(response)
        assert response.status_code != 500


def assert_locked_out(response: Any) -> None:
    """A lockout answers 429 with a page in the site's layout, or JSON ``detail`` on the API."""
    assert response.status_code == 429
    if response["Content-Type"].startswith("application/json"):
        assert LOCKED_TEXT in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
    else:
        page = response.content.decode()
        assert LOCKED_TEXT in page
        assert 'class="site-header"' in page


def test_limit_is_five_failures_with_a_fifteen_minute_cool_off():
    """The documented figures: five failures lock for fifteen minutes."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_one_failure_short_of_the_limit_the_right_password_still_works(door, ada, limit):
    """After limit - 1 failures the account's owner still gets in with the right password."""
    fail(door, ada, limit - 1)

    assert door.opened(door.knock(ada, PASSWORD, HERE))


def test_at_the_limit_even_the_right_password_is_refused(door, ada, limit):
    """After limit failures the right password is refused with the lockout answer."""
    fail(door, ada, limit)

    assert_locked_out(door.knock(ada, PASSWORD, HERE))


def test_a_locked_account_is_refused_from_another_address(door, ada, limit):
    """The account's lock holds wherever the next attempt comes from."""
    fail(door, ada, limit, address=HERE)

    assert_locked_out(door.knock(ada, PASSWORD, ELSEWHERE))


def test_a_locked_address_is_refused_for_another_account(door, ada, bob, limit):
    """The address's lock holds whichever account it tries next."""
    fail(door, ada, limit, address=HERE)

    assert_locked_out(door.knock(bob, PASSWORD, HERE))


def test_others_are_not_locked_out(door, ada, bob, limit):
    """Another account from another address is untouched by someone else's lockout."""
    fail(door, ada, limit, address=HERE)

    assert door.opened(door.knock(bob, PASSWORD, ELSEWHERE))


def test_the_lock_clears_after_the_cool_off(door, ada, limit):
    """Once the cool-off has passed since the last failure, the right password works again."""
    fail(door, ada, limit)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert door.opened(door.knock(ada, PASSWORD, HERE))


def test_the_lock_clears_when_staff_delete_it_in_the_admin(door, ada, limit, staff_user):
    """Staff see the lockout in the admin and clear it there; the owner then gets in."""
    fail(door, ada, limit)
    admin = Client()
    admin.force_login(staff_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert ada.email in admin.get(changelist).content.decode()

    admin.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert not AccessAttempt.objects.exists()
    assert door.opened(door.knock(ada, PASSWORD, HERE))


def test_failures_at_different_doors_add_up(ada, limit):
    """The doors share one count: failures spread over all of them lock every door."""
    for n in range(limit):
        fail(DOORS[n % len(DOORS)], ada, 1)

    for door in DOORS:
        assert_locked_out(door.knock(ada, PASSWORD, ELSEWHERE))


def test_account_lock_ignores_the_case_of_the_address(ada, limit):
    """Typing the e-mail in another case is the same account, not a fresh allowance."""
    for n in range(limit):
        variant = ada.email.upper() if n % 2 else ada.email
        Client().post(reverse("account_login"), {"login": variant, "password": WRONG})

    assert_locked_out(site_login(ada, PASSWORD, ELSEWHERE))


def test_forged_forwarded_for_does_not_escape_the_address_lock(ada, bob, limit):
    """With no trusted proxy, a client cannot look new by sending its own X-Forwarded-For."""
    for n in range(limit):
        Client().post(
            reverse("account_login"),
            {"login": ada.email, "password": WRONG},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    response = Client().post(
        reverse("account_login"),
        {"login": bob.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert_locked_out(response)


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(ada, bob, limit, settings):
    """With one trusted proxy the address it appends is the client's: another client behind
    the same proxy is not locked out by a neighbour's failures."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(limit):
        Client().post(
            reverse("account_login"),
            {"login": ada.email, "password": WRONG},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    client = Client()
    client.post(
        reverse("account_login"),
        {"login": bob.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert auth.get_user(client) == bob


def test_locked_out_api_answer_is_json_with_detail(ada, limit):
    """The API's lockout is 429 JSON with a ``detail`` and a Retry-After, never a form error."""
    fail(DOORS[2], ada, limit)

    response = api_token(ada, PASSWORD, HERE)

    assert response.status_code == 429
    assert set(response.json()) == {"detail"}


def test_admin_password_change_goes_to_the_sites_rate_limited_form(staff_user):
    """The admin has no password form of its own that checks passwords outside the limit."""
    client = Client()
    client.force_login(staff_user)

    response = client.post(reverse("admin:password_change"), {"old_password": WRONG})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")


def test_no_password_is_stored_with_a_failed_attempt(door, ada):
    """What the lockout keeps of a failed request never holds a password typed into it."""
    fail(door, ada, 1)

    stored = " ".join(AccessAttempt.objects.values_list("post_data", "get_data").get())
    assert WRONG not in stored
    assert NEW_PASSWORD not in stored


def test_successful_sign_ins_are_not_logged(ada):
    """Only failures are kept: the lockout keeps no record of every sign-in and its address."""
    site_login(ada, PASSWORD, HERE)

    assert not AccessLog.objects.exists()
