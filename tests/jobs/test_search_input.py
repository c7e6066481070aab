"""Keywords without a letter or digit find nothing, on both databases, never a server error."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.models import JobPosting
from jobs.search import BoardQuery, board_page
from tests.jobs.factories import PostingFactory
from tests.strategies import BOUNDED

NO_WORDS = ["!!!", "%FF", "%F0%9F%98%80", "...", "-", "%C0%AF", "%E2%80%AE", "+%23"]


@pytest.fixture
def board(db, uncached_board):
    return PostingFactory.create_batch(2, title="Product Manager")


@pytest.mark.parametrize("q", NO_WORDS)
@pytest.mark.parametrize("sort", ["", "relevance", "newest", "salary"])
@pytest.mark.parametrize("url", ["/jobs/", "/api/v1/jobs/"])
def test_keywords_without_words_list_no_postings(board, client, url, q, sort):
    """Punctuation, an emoji or bytes that are not UTF-8 answer an empty page, not a 500."""
    response = client.get(f"{url}?q={q}&sort={sort}")
    assert response.status_code == 200
    assert board[0].title not in response.content.decode()


def test_keywords_with_words_still_match(board, client):
    """Words among punctuation still find the postings that hold them."""
    response = client.get("/api/v1/jobs/?q=!!!product!!!")
    assert len(response.json()["results"]) == 2


@BOUNDED
@given(text=st.text())
def test_search_and_rank_accept_any_text(board, text):
    """Any text searches and ranks without an error on either database."""
    clean = text.replace("\x00", "")
    query = BoardQuery(text=clean.strip(), sort="relevance")
    ranked = board_page(query, size=5).items
    assert set(ranked) <= set(query.filter(JobPosting.objects.all()))
