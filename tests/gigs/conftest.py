"""Fixtures of the marketplace's tests: a client, a freelancer with a profile, an open gig."""

import pytest

from tests.accounts.factories import UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory


@pytest.fixture
def client_user(db):
    return UserFactory.create(email="clara@example.com", name="Clara Client")


@pytest.fixture
def freelancer(db):
    user = UserFactory.create(email="finn@example.com", name="Finn Freelancer")
    FreelancerProfileFactory.create(user=user, slug="finn")
    return user


@pytest.fixture
def stranger(db):
    return UserFactory.create(email="sam@example.com", name="Sam Stranger")


@pytest.fixture
def gig(client_user):
    return GigFactory.create(client=client_user, slug="prd-gig")
