"""The posting cards of /jobs/ and of a posting's similar jobs: the exact markup visitors get."""

# The expected cards are kept line for line as they are served, long lines included.
# ruff: noqa: E501

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.taxonomy import Level
from jobs.models import JobPosting
from jobs.taxonomy import EmploymentType
from tests.jobs.factories import CompanyFactory, PostingFactory, SkillFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_board")]

CARD = re.compile(r'<li class="posting-card">.*?\n</li>', re.DOTALL)


@pytest.fixture
def postings():
    """Four postings that differ in every way a card shows, newest first."""
    now = timezone.now()
    remote = PostingFactory.create(
        slug="remote-tpm",
        title="Technical Product Manager, Payments & <Risk>",
        company=CompanyFactory.create(name="O'Brien & Co", verified=True),
        remote_policy="remote",
        country="US",
        city="",
        technical=True,
        salary_min=15_000_000,
        salary_max=15_000_000,
        salary_currency="USD",
        posted_at=now - timedelta(minutes=5, seconds=30),
    )
    remote.skills.set(
        [
            SkillFactory.create(name="SQL", slug="sql"),
            SkillFactory.create(name="A/B <testing>", slug="ab"),
        ]
    )
    PostingFactory.create(
        slug="hybrid-contract",
        title="Product Manager",
        company=CompanyFactory.create(name="Kiteforge"),
        remote_policy="hybrid",
        employment_type="contract",
        country="DE",
        city="Berlin",
        salary_min=4550,
        salary_max=6000,
        salary_currency="EUR",
        salary_period="hour",
        posted_at=now - timedelta(hours=5, minutes=10),
    )
    PostingFactory.create(
        slug="onsite-abidjan",
        title="Senior Product Manager",
        company=CompanyFactory.create(name="Savane"),
        remote_policy="onsite",
        country="CI",
        city="Abidjan",
        salary_min=1_234_567,
        salary_max=None,
        salary_currency="KWD",
        salary_period="month",
        posted_at=now - timedelta(days=3, hours=2, minutes=30),
    )
    PostingFactory.create(
        slug="no-salary",
        title="Director of Product",
        company=CompanyFactory.create(name="Quiet Ltd"),
        remote_policy="onsite",
        country="GB",
        city="",
        salary_min=None,
        salary_max=None,
        salary_currency="",
        posted_at=now - timedelta(days=9, hours=1),
    )


def cards(html: str) -> list[str]:
    """The cards' markup with each posting time's value left out (it moves with the clock)."""
    return [re.sub(r'datetime="[^"]+"', 'datetime="…"', card) for card in CARD.findall(html)]


EXPECTED = [
    """<li class="posting-card">
  <h3 class="posting-card-title"><a href="/jobs/remote-tpm/">Technical Product Manager, Payments &amp; &lt;Risk&gt;</a></h3>
  <p class="posting-card-company">O&#x27;Brien &amp; Co <span class="badge badge-ok" title="Verified company">Verified</span></p>
  <ul class="facts" aria-label="Key facts">
    <li>Remote (United States of America)</li>
    <li>Product manager · Technical</li>
    <li>Full-time</li>
    <li class="salary">USD 150,000 per year</li>
  </ul>
  
    <ul class="tags" aria-label="Skills">
      <li>A/B &lt;testing&gt;</li><li>SQL</li>
    </ul>
  
  <p class="muted small">Posted <time datetime="…">5\xa0minutes ago</time></p>
</li>""",
    """<li class="posting-card">
  <h3 class="posting-card-title"><a href="/jobs/hybrid-contract/">Product Manager</a></h3>
  <p class="posting-card-company">Kiteforge</p>
  <ul class="facts" aria-label="Key facts">
    <li>Hybrid, Berlin, Germany</li>
    <li>Product manager</li>
    <li>Contract</li>
    <li class="salary">EUR 45.50 - 60 per hour</li>
  </ul>
  
  <p class="muted small">Posted <time datetime="…">5\xa0hours, 10\xa0minutes ago</time></p>
</li>""",
    """<li class="posting-card">
  <h3 class="posting-card-title"><a href="/jobs/onsite-abidjan/">Senior Product Manager</a></h3>
  <p class="posting-card-company">Savane</p>
  <ul class="facts" aria-label="Key facts">
    <li>Abidjan, Côte d&#x27;Ivoire</li>
    <li>Senior</li>
    <li>Full-time</li>
    <li class="salary">KWD 1,234.567 per month</li>
  </ul>
  
  <p class="muted small">Posted <time datetime="…">3\xa0days, 2\xa0hours ago</time></p>
</li>""",
    """<li class="posting-card">
  <h3 class="posting-card-title"><a href="/jobs/no-salary/">Director of Product</a></h3>
  <p class="posting-card-company">Quiet Ltd</p>
  <ul class="facts" aria-label="Key facts">
    <li>United Kingdom</li>
    <li>Director / head of product</li>
    <li>Full-time</li>
    
  </ul>
  
  <p class="muted small">Posted <time datetime="…">1\xa0week, 2\xa0days ago</time></p>
</li>""",
]


def test_board_cards_show_each_posting_as_before(client, postings):
    """Each result card keeps its markup: escaped text, location, level, salary, skills, age."""
    response = client.get(reverse("jobs:list"), {"sort": "newest"})
    assert cards(response.content.decode()) == EXPECTED


def test_card_time_is_the_posting_time_in_iso_format(client, postings):
    """The <time> element carries the posting time as ISO 8601 for machines."""
    response = client.get(reverse("jobs:list"), {"sort": "newest"})
    (moment,) = re.findall(r'<time datetime="([^"]+)">5\xa0minutes', response.content.decode())
    posted_at = JobPosting.objects.get(slug="remote-tpm").posted_at
    assert posted_at and moment == posted_at.isoformat()


def test_similar_jobs_use_the_board_cards(client, postings):
    """A posting's similar jobs are the same cards as on the board."""
    response = client.get(reverse("jobs:detail", kwargs={"slug": "hybrid-contract"}))
    similar = cards(response.content.decode())
    assert similar == [EXPECTED[0]]


@pytest.mark.parametrize(
    "fields",
    [{"level": level} for level in Level.values]
    + [{"employment_type": kind} for kind in EmploymentType.values]
    + [{"level": "retired", "employment_type": "gig"}],
)
def test_cards_name_level_and_type_as_the_posting_does(client, fields):
    """Every level and employment type, and a value no choice names, reads as on the posting."""
    posting = PostingFactory.create(**fields)

    (card,) = cards(client.get(reverse("jobs:list")).content.decode())

    assert f"<li>{posting.get_level_display()}" in card
    assert f"<li>{posting.get_employment_type_display()}</li>" in card
