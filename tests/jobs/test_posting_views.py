"""Job board pages: search, posting page, editor and dashboard wiring."""

from datetime import timedelta

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from jobs.domain import PostingStatus
from jobs.models import JobPosting
from tests.accounts.factories import UserFactory
from tests.jobs.factories import PostingFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_board_lists_only_published_non_duplicate_postings(client):
    """Drafts, pending, rejected, closed and duplicate postings stay off the board."""
    live = PostingFactory.create(title="Product Manager, Search")
    for status in ["draft", "pending", "rejected", "expired", "filled", "archived"]:
        PostingFactory.create(title=f"Product Manager {status}", status=status)
    PostingFactory.create(title="Product Manager copy", duplicate_of=live)
    response = client.get(reverse("jobs:list"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"].items] == [live.pk]


def test_board_filters_by_level_and_keywords(client):
    """Filters and keywords narrow the results."""
    senior = PostingFactory.create(title="Senior Product Manager, Payments")
    PostingFactory.create(title="Associate Product Manager")
    response = client.get(reverse("jobs:list"), {"level": "senior", "q": "payments"})
    assert [p.pk for p in response.context["page"].items] == [senior.pk]


def test_board_rejects_bad_filter_input_with_400(client):
    """An unknown level or currency is a form error, not a crash."""
    response = client.get(reverse("jobs:list"), {"level": "wizard", "currency": "ZZZ"})
    assert response.status_code == 400
    assert "level" in response.context["filter"].errors


def test_salary_filter_needs_a_currency_on_a_board_without_salaries(client):
    """'Salary at least' without a currency, and no posting's currency to default to, is
    refused with a clear message (tests/jobs/test_board_search_form.py has the defaults)."""
    response = client.get(reverse("jobs:list"), {"salary_at_least": "50000"})
    assert response.status_code == 400
    assert "currency" in response.context["filter"].errors


def test_salary_filter_compares_annual_amounts_in_that_currency(client):
    """Hourly pay is annualized; other currencies are left out."""
    hourly = PostingFactory.create(salary_min=4000, salary_max=5000, salary_period="hour")
    PostingFactory.create(salary_min=3_000_000, salary_max=4_000_000)
    PostingFactory.create(salary_currency="USD", salary_min=9_000_000, salary_max=12_000_000)
    response = client.get(reverse("jobs:list"), {"salary_at_least": "100000", "currency": "gbp"})
    assert [p.pk for p in response.context["page"].items] == [hourly.pk]


def test_keyset_pages_walk_the_whole_board_without_repeats(client):
    """Following 'next' cursors lists every posting exactly once, newest first."""
    now = timezone.now()
    made = [PostingFactory.create(posted_at=now - timedelta(hours=i)) for i in range(45)]
    seen: list[int] = []
    params: dict[str, str] = {}
    while True:
        page = client.get(reverse("jobs:list"), params).context["page"]
        seen += [p.pk for p in page.items]
        if not page.next_cursor:
            break
        params = {"cursor": page.next_cursor}
    assert seen == [p.pk for p in made]


def test_a_garbled_cursor_starts_from_the_first_page(client):
    """A hand-edited cursor is not an error."""
    PostingFactory.create()
    response = client.get(reverse("jobs:list"), {"cursor": "!!not-base64"})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 1


def test_board_page_query_count_is_constant(client, django_assert_max_num_queries):
    """An anonymous board page costs at most 5 queries whatever the number of rows."""
    skills = [SkillFactory.create(), SkillFactory.create()]
    for _ in range(25):
        PostingFactory.create().skills.set(skills)
    with django_assert_max_num_queries(5):
        client.get(reverse("jobs:list"))


def test_htmx_request_gets_only_the_results(client):
    """htmx swaps the results without a full page."""
    PostingFactory.create()
    response = client.get(reverse("jobs:list"), headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b'id="results"' in response.content


def test_posting_page_shows_json_ld_for_live_postings(client):
    """A live posting carries schema.org JobPosting data with a salary."""
    posting = PostingFactory.create(title="Technical Product Manager")
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    assert b'"@type": "JobPosting"' in response.content
    assert b'"minValue": 60000.0' in response.content


def test_closed_posting_keeps_its_url_with_a_banner_and_no_index(client):
    """Expired postings answer 200 with a closed banner, robots noindex and no apply."""
    posting = PostingFactory.create(status=PostingStatus.EXPIRED)
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    assert b"This role is closed" in response.content
    assert b"noindex" in response.content
    assert b"application/ld+json" not in response.content


@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "archived"])
def test_unpublished_posting_is_404_for_the_public(client, candidate, status):
    """Only the company's recruiters and staff see postings that are not public."""
    posting = PostingFactory.create(status=status)
    assert client.get(posting.get_absolute_url()).status_code == 404
    client.force_login(candidate)
    assert client.get(posting.get_absolute_url()).status_code == 404


def test_owner_sees_their_draft(client, recruiter, company):
    """The company's recruiter can open their own draft."""
    posting = PostingFactory.create(status="draft", company=company)
    client.force_login(recruiter)
    assert client.get(posting.get_absolute_url()).status_code == 200


def test_duplicate_posting_redirects_to_the_original(client):
    """A duplicate's URL leads the public to the posting it repeats."""
    original = PostingFactory.create()
    copy = PostingFactory.create(duplicate_of=original)
    response = client.get(copy.get_absolute_url())
    assert response.status_code == 301
    assert response.url == original.get_absolute_url()


def test_views_are_counted_for_visitors_only(client, recruiter, company):
    """Visitors add to the view count; the posting's own recruiters do not."""
    posting = PostingFactory.create(company=company)
    client.get(posting.get_absolute_url())
    client.force_login(recruiter)
    client.get(posting.get_absolute_url())
    posting.refresh_from_db()
    assert posting.views == 1


def post_data(company, **overrides):
    data = {
        "company": company.pk,
        "title": "Product Manager, Onboarding",
        "description": "Own onboarding.",
        "employment_type": "full_time",
        "remote_policy": "hybrid",
        "country": "GB",
        "city": "Leeds",
        "salary_min": "55000",
        "salary_max": "70000",
        "salary_currency": "GBP",
        "salary_period": "year",
        "apply_method": "onsite",
    }
    data.update(overrides)
    return data


def test_recruiter_posts_a_role_for_review(client, recruiter, company):
    """The editor stores salaries in minor units and sends the posting to review."""
    client.force_login(recruiter)
    response = client.post(reverse("jobs:post"), {**post_data(company), "submit": "1"})
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert (posting.status, posting.salary_min, posting.level) == ("pending", 5_500_000, "mid")


def test_post_form_shows_field_errors_for_a_bad_salary_range(client, recruiter, company):
    """Minimum above maximum is a field error and nothing is saved."""
    client.force_login(recruiter)
    response = client.post(
        reverse("jobs:post"), post_data(company, salary_min="90000", salary_max="70000")
    )
    assert response.status_code == 400
    assert "salary_max" in response.context["form"].errors
    assert not JobPosting.objects.exists()


def test_editor_keeps_applicant_countries_for_a_remote_role(client, recruiter, company):
    """A remote role stores the countries its applicants may live in."""
    client.force_login(recruiter)
    data = post_data(company, remote_policy="remote", applicant_countries=["IE", "GB"])
    assert client.post(reverse("jobs:post"), data).status_code == 302
    assert [c.code for c in JobPosting.objects.get().applicant_countries] == ["GB", "IE"]


@pytest.mark.parametrize("policy", ["onsite", "hybrid"])
def test_editor_ignores_applicant_countries_unless_the_role_is_remote(
    client, recruiter, company, policy
):
    """Countries ticked before the role was switched away from remote are not stored."""
    client.force_login(recruiter)
    data = post_data(company, remote_policy=policy, applicant_countries=["IE", "GB"])
    assert client.post(reverse("jobs:post"), data).status_code == 302
    assert list(JobPosting.objects.get().applicant_countries) == []


def test_editing_a_role_away_from_remote_clears_its_applicant_countries(client, recruiter, company):
    """An edit that makes a remote role hybrid drops the countries it had stored."""
    posting = PostingFactory.create(
        company=company, status="draft", remote_policy="remote", applicant_countries=["GB"]
    )
    client.force_login(recruiter)
    data = post_data(company, remote_policy="hybrid", applicant_countries=["GB"])
    assert client.post(reverse("jobs:edit", args=[posting.slug]), data).status_code == 302
    posting.refresh_from_db()
    assert list(posting.applicant_countries) == []


@pytest.mark.parametrize(
    ("method", "stored"),
    [
        ("url", ("https://jobs.example.com/pm", "")),
        ("email", ("", "hiring@example.com")),
        ("onsite", ("", "")),
    ],
)
def test_editor_stores_only_the_address_of_the_chosen_apply_method(
    client, recruiter, company, method, stored
):
    """A URL or e-mail left in a field the chosen apply method hides is not stored."""
    client.force_login(recruiter)
    data = post_data(
        company,
        apply_method=method,
        apply_url="https://jobs.example.com/pm",
        apply_email="hiring@example.com",
    )
    assert client.post(reverse("jobs:post"), data).status_code == 302
    posting = JobPosting.objects.get()
    assert (posting.apply_url, posting.apply_email) == stored


@pytest.mark.parametrize(("method", "field"), [("url", "apply_url"), ("email", "apply_email")])
def test_editor_requires_the_address_of_the_chosen_apply_method(
    client, recruiter, company, method, field
):
    """Applying on the company's site needs its URL, by e-mail its address; else nothing saves."""
    client.force_login(recruiter)
    other = "apply_email" if field == "apply_url" else "apply_url"
    value = "hiring@example.com" if other == "apply_email" else "https://jobs.example.com/pm"
    data = post_data(company, apply_method=method, **{other: value})
    response = client.post(reverse("jobs:post"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not JobPosting.objects.exists()


def submit_button(response) -> str:
    html = response.content.decode()
    start = html.index('<button type="submit" name="submit"')
    return html[html.index(">", start) + 1 : html.index("</button>", start)]


def test_verified_company_publishes_from_the_editor(client, recruiter, company):
    """A verified company's editor says Publish, and the posting goes live at once."""
    company.verified = True
    company.save()
    client.force_login(recruiter)
    assert submit_button(client.get(reverse("jobs:post"))) == "Publish"
    response = client.post(reverse("jobs:post"), {**post_data(company), "submit": "1"})
    assert response.status_code == 302
    assert JobPosting.objects.get().status == "published"


def test_unverified_company_submits_for_review_from_the_editor(client, recruiter, company):
    """An unverified company's editor says Submit for review, and the posting waits for it."""
    client.force_login(recruiter)
    assert submit_button(client.get(reverse("jobs:post"))) == "Submit for review"
    client.post(reverse("jobs:post"), {**post_data(company), "submit": "1"})
    assert JobPosting.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("verified", "status", "label"),
    [
        (True, "draft", "Publish"),
        (True, "rejected", "Publish"),
        (False, "draft", "Submit for review"),
        (False, "rejected", "Submit for review"),
        (True, "published", "Submit changes"),
        (False, "pending", "Submit changes"),
    ],
)
def test_edit_page_button_names_what_submitting_does(
    client, recruiter, company, verified, status, label
):
    """Drafts and rejected postings are published or sent to review; live ones save changes."""
    company.verified = verified
    company.save()
    posting = PostingFactory.create(company=company, status=status)
    client.force_login(recruiter)
    assert submit_button(client.get(reverse("jobs:edit", args=[posting.slug]))) == label


def test_editor_loads_its_script_from_static_files(client, recruiter):
    """The show-and-hide and the country filter come from a static file, not inline code."""
    client.force_login(recruiter)
    html = client.get(reverse("jobs:post")).content.decode()
    assert f'src="{static("js/posting-form.js")}"' in html
    assert 'data-shown-when="remote_policy=remote"' in html
    assert 'data-shown-when="apply_method=url"' in html


def test_recruiter_cannot_post_for_another_company(client, recruiter, other_company):
    """The company menu only offers the recruiter's companies."""
    client.force_login(recruiter)
    response = client.post(reverse("jobs:post"), post_data(other_company))
    assert response.status_code == 400
    assert "company" in response.context["form"].errors


def test_candidates_cannot_open_the_editor(client, candidate):
    """Posting is for recruiters only."""
    client.force_login(candidate)
    assert client.get(reverse("jobs:post")).status_code == 403


def test_someone_elses_posting_cannot_be_edited_through_the_page(client, other_recruiter):
    """Another company's recruiter gets 403 from the editor and its actions."""
    posting = PostingFactory.create()
    client.force_login(other_recruiter)
    assert client.get(reverse("jobs:edit", args=[posting.slug])).status_code == 403
    response = client.post(reverse("jobs:action", args=[posting.slug, "fill"]))
    assert response.status_code == 403
    posting.refresh_from_db()
    assert posting.status == "published"


def test_staff_cannot_edit_a_posting_of_a_company_they_do_not_recruit_for(
    client, staff_user, company
):
    """Staff moderate; the editor and its actions are for the company's recruiters."""
    posting = PostingFactory.create(company=company)
    client.force_login(staff_user)
    assert client.get(reverse("jobs:edit", args=[posting.slug])).status_code == 403
    response = client.post(reverse("jobs:action", args=[posting.slug, "fill"]))
    assert response.status_code == 403
    posting.refresh_from_db()
    assert posting.status == "published"


def test_staff_see_the_moderation_thread_but_no_edit_link(client, staff_user, company):
    """On a posting page staff get the thread with the recruiters, not the editor."""
    posting = PostingFactory.create(company=company, status=PostingStatus.PENDING)
    client.force_login(staff_user)
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    assert reverse("jobs:edit", args=[posting.slug]).encode() not in response.content
    assert b'id="comments-title"' in response.content


def test_staff_on_a_company_team_post_and_edit_through_the_pages(client, company):
    """A staff member who recruits for the company posts and edits like any recruiter."""
    staff_recruiter = UserFactory.create(is_staff=True, role="recruiter")
    company.recruiters.add(staff_recruiter)
    client.force_login(staff_recruiter)
    assert client.post(reverse("jobs:post"), post_data(company)).status_code == 302
    posting = JobPosting.objects.get()
    response = client.post(
        reverse("jobs:edit", args=[posting.slug]), post_data(company, city="York")
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.city == "York"


def test_dashboard_lists_own_postings_in_every_status(client, recruiter, company):
    """A recruiter's dashboard shows their company's postings, not others'."""
    mine = PostingFactory.create(company=company, status="draft")
    PostingFactory.create()
    client.force_login(recruiter)
    response = client.get(reverse("jobs:dashboard"))
    assert [p.pk for p in response.context["postings"]] == [mine.pk]


def test_markdown_preview_is_sanitized(client, recruiter):
    """The live preview renders Markdown and strips scripts."""
    client.force_login(recruiter)
    response = client.post(reverse("jobs:preview"), {"description": "**hi** <script>x()</script>"})
    assert b"<strong>hi</strong>" in response.content
    assert b"<script>" not in response.content


def test_report_is_queued_for_staff(client, candidate):
    """A signed-in user's report is stored once per user."""
    posting = PostingFactory.create()
    client.force_login(candidate)
    url = reverse("jobs:report", args=[posting.slug])
    client.post(url, {"reason": "spam"})
    client.post(url, {"reason": "misleading", "details": "Salary is wrong"})
    report = posting.reports.get()
    assert (report.reason, report.details) == ("misleading", "Salary is wrong")


def test_skills_filter_takes_slugs(client):
    """?skills=<slug> keeps roles asking for any of the skills, each listed once."""
    sql, research = (
        SkillFactory.create(name="SQL", slug="sql"),
        SkillFactory.create(name="Research"),
    )
    both = PostingFactory.create()
    both.skills.set([sql, research])
    PostingFactory.create().skills.set([research])
    response = client.get(reverse("jobs:list"), {"skills": ["sql", research.slug]})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 2
    response = client.get(reverse("jobs:list"), {"skills": "sql"})
    assert [p.pk for p in response.context["page"].items] == [both.pk]


def test_posting_page_links_to_the_skill_gap_check_for_its_skills(client):
    """A posting with skills offers the skill-gap check against that posting."""
    posting = PostingFactory.create()
    posting.skills.set([SkillFactory.create()])
    response = client.get(posting.get_absolute_url())
    assert f"/careers/skill-gap/?posting={posting.slug}".encode() in response.content
