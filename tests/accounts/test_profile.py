"""The signed-in user's profile page: showing, saving and refusing bad input as a whole."""

import pytest
from django.urls import reverse

from accounts.models import ProfileLink

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def profile_data(links=(), existing=(), **overrides):
    """POST data for the profile form with ``links`` as new rows after ``existing`` ones."""
    data = {
        "name": "Casey Candidate",
        "headline": "Business analyst moving into product",
        "location": "Leeds, UK",
        "years_of_experience": "4",
        "skills": "SQL, user research",
        "links-TOTAL_FORMS": str(len(existing) + len(links)),
        "links-INITIAL_FORMS": str(len(existing)),
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "5",
    }
    rows = [(link.pk, link.label, link.url) for link in existing]
    rows += [("", label, url) for label, url in links]
    for index, (pk, label, url) in enumerate(rows):
        data[f"links-{index}-id"] = str(pk)
        data[f"links-{index}-label"] = label
        data[f"links-{index}-url"] = url
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login(client):
    """The profile page needs a session; anonymous visitors go to the login page and back."""
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={PROFILE_URL}"


def test_profile_page_shows_form_with_current_values(client, candidate):
    """A signed-in user sees their own details in the form and an empty link row."""
    candidate.headline = "Support lead learning discovery"
    candidate.save()
    client.force_login(candidate)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.context["form"].instance == candidate
    assert "Support lead learning discovery" in response.text
    assert 'name="links-0-url"' in response.text


def test_profile_post_saves_fields_and_links(client, candidate):
    """A valid post stores every profile field and the new links, then redirects."""
    client.force_login(candidate)

    response = client.post(
        PROFILE_URL,
        profile_data(links=[("GitHub", "https://github.com/casey"), ("Site", "https://c.dev")]),
    )

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    candidate.refresh_from_db()
    assert candidate.name == "Casey Candidate"
    assert candidate.headline == "Business analyst moving into product"
    assert candidate.location == "Leeds, UK"
    assert candidate.years_of_experience == 4
    assert candidate.skill_list == ["SQL", "user research"]
    assert list(candidate.links.values_list("label", "url")) == [
        ("GitHub", "https://github.com/casey"),
        ("Site", "https://c.dev"),
    ]


def test_profile_post_edits_and_deletes_existing_links(client, candidate):
    """Existing link rows can be changed or removed with the formset's delete box."""
    keep = ProfileLink.objects.create(user=candidate, label="Blog", url="https://old.example.com")
    drop = ProfileLink.objects.create(user=candidate, label="Old", url="https://gone.example.com")
    keep.url = "https://new.example.com"
    client.force_login(candidate)

    client.post(PROFILE_URL, profile_data(existing=[keep, drop], **{"links-1-DELETE": "on"}))

    assert list(candidate.links.values_list("label", "url")) == [
        ("Blog", "https://new.example.com")
    ]


def test_too_many_years_of_experience_is_refused(client, candidate):
    """Years above 60 answer 400 with a field error and change nothing."""
    client.force_login(candidate)

    response = client.post(PROFILE_URL, profile_data(years_of_experience="99"))

    assert response.status_code == 400
    assert response.context["form"].errors["years_of_experience"]
    candidate.refresh_from_db()
    assert candidate.years_of_experience is None
    assert candidate.headline == ""


def test_invalid_link_url_refuses_whole_profile(client, candidate):
    """A valid profile with one bad link saves neither the profile nor any link."""
    client.force_login(candidate)

    response = client.post(
        PROFILE_URL,
        profile_data(links=[("GitHub", "https://github.com/casey"), ("Bad", "not a url")]),
    )

    assert response.status_code == 400
    assert response.context["links"].forms[1].errors["url"]
    candidate.refresh_from_db()
    assert candidate.headline == ""
    assert not candidate.links.exists()


def test_errors_in_profile_and_links_are_reported_together(client, candidate):
    """When both the profile and a link are wrong, the page shows both errors at once."""
    client.force_login(candidate)

    response = client.post(
        PROFILE_URL, profile_data(links=[("Bad", "not a url")], years_of_experience="99")
    )

    assert response.status_code == 400
    assert "id_years_of_experience_error" in response.text
    assert "id_links-0-url_error" in response.text


def test_more_than_five_links_are_refused(client, candidate):
    """A sixth link is refused with a formset error and none of the links is stored."""
    client.force_login(candidate)
    links = [(f"Link {n}", f"https://example.com/{n}") for n in range(6)]

    response = client.post(PROFILE_URL, profile_data(links=links))

    assert response.status_code == 400
    assert response.context["links"].non_form_errors()
    assert not candidate.links.exists()


def test_refused_profile_page_shows_the_rejected_values_and_errors(client, candidate):
    """The 400 page shows what was typed and where it went wrong."""
    client.force_login(candidate)

    response = client.post(PROFILE_URL, profile_data(years_of_experience="99"))

    assert 'value="99"' in response.text
    assert "id_years_of_experience_error" in response.text


def test_refused_profile_leaves_the_signed_in_user_as_stored(client, candidate):
    """After a refused post the rest of the page (the header's name) shows the stored profile."""
    client.force_login(candidate)
    stored_name = candidate.name

    response = client.post(PROFILE_URL, profile_data(name="Someone Else", years_of_experience="99"))

    assert response.context["user"].name == stored_name
    assert response.context["form"]["name"].value() == "Someone Else"


def test_profile_post_changes_only_the_signed_in_user(client, candidate, recruiter):
    """The page edits the session's user; another user's profile stays untouched."""
    before = (recruiter.name, recruiter.headline, recruiter.location)
    client.force_login(candidate)

    client.post(PROFILE_URL, profile_data())

    recruiter.refresh_from_db()
    assert (recruiter.name, recruiter.headline, recruiter.location) == before
    candidate.refresh_from_db()
    assert candidate.headline == "Business analyst moving into product"


@pytest.mark.parametrize("delete", [False, True], ids=["edit", "delete"])
def test_another_users_link_cannot_be_edited_or_deleted(client, candidate, recruiter, delete):
    """Posting the id of someone else's link neither changes, moves nor deletes that link."""
    link = ProfileLink.objects.create(user=recruiter, label="Site", url="https://rosa.example.com")
    link.url = "https://taken.example.com"
    client.force_login(candidate)
    extra = {"links-0-DELETE": "on"} if delete else {}

    client.post(PROFILE_URL, profile_data(existing=[link], **extra))

    link.refresh_from_db()
    assert (link.user, link.url) == (recruiter, "https://rosa.example.com")


def test_link_without_scheme_is_stored_as_https(client, candidate):
    """A link typed without a scheme ("github.com/casey") is saved as an https URL."""
    client.force_login(candidate)

    client.post(PROFILE_URL, profile_data(links=[("GitHub", "github.com/casey")]))

    assert list(candidate.links.values_list("url", flat=True)) == ["https://github.com/casey"]
