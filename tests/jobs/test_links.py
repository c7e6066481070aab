"""Links from lists to posting pages: PostingPaths answers as get_absolute_url() does."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

from jobs.links import PostingPaths
from jobs.models import JobPosting


@pytest.mark.parametrize("slug", ["senior-pm-acme-42", "a", "PM_2026", "-", "slug", "slug-slug"])
def test_a_path_is_the_postings_absolute_url(slug):
    """Every slug the URL accepts, the marker itself included, gets reverse()'s path."""
    posting = JobPosting(slug=slug)

    assert PostingPaths()(posting) == posting.get_absolute_url()


def test_paths_start_with_the_script_prefix():
    """Under a script prefix (a site served below /), paths carry it as reverse() does."""
    posting = JobPosting(slug="pm-slug")
    set_script_prefix("/slug/board/")
    try:
        path, expected = PostingPaths()(posting), posting.get_absolute_url()
    finally:
        clear_script_prefix()

    assert path == expected == "/slug/board/jobs/pm-slug/"


@pytest.mark.parametrize("slug", ["", "café", "a/b", "a.b", "a b"])
def test_a_slug_the_url_refuses_fails_as_reverse_does(slug):
    """A slug no posting URL can carry raises NoReverseMatch rather than making a bad link."""
    with pytest.raises(NoReverseMatch):
        PostingPaths()(JobPosting(slug=slug))
