"""The gig search on PostgreSQL: a stored, trigger-kept, GIN-indexed search vector."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gigs.models import Gig
from gigs.search import GigQuery, gig_page
from gigs.services import gigs as services
from tests.gigs.factories import GigFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored search vector is PostgreSQL's"
    ),
    pytest.mark.django_db,
]


def _slugs(query):
    return [gig.slug for gig in gig_page(query).items]


def _found(slug, text):
    """Whether a gig with ``slug`` matches ``text`` in the stored vector alone."""
    return Gig.objects.filter(slug=slug, search_vector=SearchQuery(text, config="english")).exists()


def test_a_new_gig_gets_its_vector_from_title_and_description():
    GigFactory.create(slug="g", title="Pricing research", description="Interview finance teams.")
    assert _found("g", "pricing")
    assert _found("g", "finance")


def test_the_vector_follows_a_title_edit(client_user):
    """An edited title is found at once, and the old one no longer is."""
    gig = GigFactory.create(client=client_user, slug="g", title="Pricing research")
    services.gig_update(gig=gig, user=client_user, fields={"title": "Onboarding teardown"})
    assert _found("g", "onboarding")
    assert not _found("g", "pricing")


def test_the_vector_follows_a_description_edit(client_user):
    # A fixed title: the factory's rotating titles include one about finance teams.
    gig = GigFactory.create(
        client=client_user,
        slug="g",
        title="Pricing research",
        description="Interview finance teams.",
    )
    services.gig_update(
        gig=gig, user=client_user, fields={"description": "Audit the checkout funnel."}
    )
    assert _found("g", "checkout")
    assert not _found("g", "finance")


def test_an_edit_of_other_columns_keeps_the_vector(client_user):
    gig = GigFactory.create(client=client_user, slug="g", title="Pricing research")
    services.gig_close(gig=gig, user=client_user)
    assert _found("g", "pricing")


def test_title_words_weigh_more_than_description_words():
    """Title A, description D: a gig naming the word in its title ranks first."""
    GigFactory.create(slug="in-title", title="Churn analysis", description="Look at the data.")
    GigFactory.create(slug="in-description", title="Data work", description="A churn analysis.")
    query = GigQuery(text="churn", sort="relevance")
    assert _slugs(query) == ["in-title", "in-description"]


def test_the_search_reads_the_stored_column_and_computes_no_vector():
    """Matching and ranking read gigs_gig.search_vector; no row's vector is computed."""
    GigFactory.create(slug="g", title="Pricing research")
    for sort in ("relevance", "newest"):
        with CaptureQueriesContext(connection) as queries:
            assert _slugs(GigQuery(text="pricing", sort=sort)) == ["g"]
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert '"search_vector" @@ (websearch_to_tsquery' in sql
        assert "to_tsvector" not in sql


def test_the_search_finds_only_what_the_stored_vector_holds():
    """A gig whose stored vector is emptied is not found, though its title still matches."""
    GigFactory.create(slug="g", title="Pricing research")
    Gig.objects.filter(slug="g").update(search_vector=None)
    assert _slugs(GigQuery(text="pricing")) == []


def test_the_gin_index_serves_the_match():
    """The planner can answer a match from the GIN index (sequential scans switched off)."""
    GigFactory.create(slug="g", title="Pricing research")
    queryset = Gig.objects.filter(search_vector=SearchQuery("pricing", config="english"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "gigs_gig_search_gin" in plan
