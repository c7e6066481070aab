"""The admin index groups every account model under one "Accounts" section."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_MODELS = ["Email addresses", "Groups", "Recruiter requests", "Tokens", "Users"]


def sections(response):
    return {
        app["name"]: [model["name"] for model in app["models"]]
        for app in response.context["app_list"]
    }


def test_index_has_one_accounts_section_with_every_account_model(client, staff_user):
    """Users, e-mail addresses, API tokens and groups sit together; no second "Accounts"."""
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    names = [app["name"] for app in response.context["app_list"]]
    assert names.count("Accounts") == 1
    assert "Auth Token" not in names and "Authentication and Authorization" not in names
    assert sections(response)["Accounts"] == ACCOUNT_MODELS


def test_sidebar_lists_the_same_sections(client, staff_user):
    """The navigation beside each admin page groups the models the same way."""
    client.force_login(staff_user)
    response = client.get(reverse("admin:jobs_jobposting_changelist"))
    names = [app["name"] for app in response.context["available_apps"]]
    assert names.count("Accounts") == 1
    assert "Auth Token" not in names


@pytest.mark.parametrize("app_label", ["accounts", "account", "authtoken", "auth"])
def test_each_folded_apps_page_shows_the_accounts_section(client, staff_user, app_label):
    """Breadcrumbs of an e-mail address or a token lead to the one Accounts section."""
    client.force_login(staff_user)
    response = client.get(reverse("admin:app_list", kwargs={"app_label": app_label}))
    assert response.status_code == 200
    assert sections(response) == {"Accounts": ACCOUNT_MODELS}


def test_staff_see_only_the_account_models_they_may_use(client):
    """Someone who may only view e-mail addresses gets an Accounts section with just those."""
    viewer = UserFactory.create(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_emailaddress"))
    client.force_login(viewer)
    response = client.get(reverse("admin:index"))
    assert sections(response) == {"Accounts": ["Email addresses"]}
    accounts = response.context["app_list"][0]
    assert client.get(accounts["app_url"]).status_code == 200
