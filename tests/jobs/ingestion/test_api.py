"""POST /api/v1/ingest/: staff only, a file or a JSON body, counts back or a queued task."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs.api import ingestion as ingest_api
from jobs.models import FeedSource, JobPosting, private_storage

pytestmark = pytest.mark.django_db

URL = "/api/v1/ingest/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff_api(api, staff_user):
    api.force_authenticate(staff_user)
    return api


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_staff_upload_a_file_and_get_the_counts_and_rejections(staff_api, fixture_bytes):
    response = staff_api.post(
        URL,
        {"file": upload("postings.csv", fixture_bytes("postings.csv")), "source": "silverstone"},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["rejected"]) == (2, 3)
    assert body["rejections"][0] == {"record": 3, "reason": "unknown salary unit 'fortnightly'"}
    assert JobPosting.objects.filter(source="silverstone").count() == 2


def test_staff_send_a_feed_in_a_json_body(staff_api, fixture_bytes):
    feed = json.loads(fixture_bytes("greenhouse.json"))
    response = staff_api.post(
        URL,
        {"format": "greenhouse", "source": "atlasworks", "company": "Atlasworks", "data": feed},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["created"] == 3


def test_text_formats_travel_as_a_string_in_the_json_body(staff_api, fixture_bytes):
    response = staff_api.post(
        URL,
        {"format": "jsonl", "source": "kite", "data": fixture_bytes("postings.jsonl").decode()},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["rejected"]) == (3, 3)


def test_non_staff_are_refused(api, recruiter, fixture_bytes):
    api.force_authenticate(recruiter)
    response = api.post(URL, {"source": "x", "data": []}, format="json")
    assert response.status_code == 403
    assert not JobPosting.objects.exists()


def test_anonymous_callers_must_authenticate(api):
    assert api.post(URL, {"source": "x", "data": []}, format="json").status_code == 401


def test_staff_tokens_work(api, staff_user, fixture_bytes):
    token = Token.objects.create(user=staff_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(
        URL,
        {"source": "nwb", "data": json.loads(fixture_bytes("jsonld_single.json"))},
        format="json",
    )
    assert response.status_code == 200


def test_an_unknown_format_is_a_bad_request(staff_api):
    response = staff_api.post(URL, {"format": "xml", "source": "x", "data": []}, format="json")
    assert response.status_code == 400
    assert "format" in response.json()


def test_a_feed_must_come_as_a_file_or_as_data_not_both_nor_neither(staff_api):
    neither = staff_api.post(URL, {"source": "x"}, format="json")
    assert neither.status_code == 400
    both = staff_api.post(
        URL, {"source": "x", "data": "[]", "file": upload("a.json", b"[]")}, format="multipart"
    )
    assert both.status_code == 400


def test_a_source_is_required(staff_api):
    response = staff_api.post(URL, {"data": []}, format="json")
    assert response.status_code == 400
    assert "source" in response.json()


def test_an_unreadable_feed_is_a_bad_request_with_the_reason(staff_api):
    response = staff_api.post(
        URL, {"file": upload("feed.json", b'{"jobs": 1}'), "source": "x", "format": "greenhouse"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The feed cannot be read: expected an object")


def test_large_feeds_are_queued_for_a_worker(
    staff_api, fixture_bytes, monkeypatch, django_capture_on_commit_callbacks
):
    """Above the inline limit the feed is kept and a task ingests it (inline in tests)."""
    monkeypatch.setattr(ingest_api, "INLINE_MAX_BYTES", 100)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(
            URL,
            {"file": upload("lever.json", fixture_bytes("lever.json")), "source": "pinewave",
             "company": "Pinewave"},
            format="multipart",
        )  # fmt: skip
    assert response.status_code == 202
    assert response.json()["source"] == "pinewave"
    assert response.json()["task_id"]
    assert JobPosting.objects.filter(source="pinewave").count() == 2
    assert private_storage().listdir("ingest")[1] == []


def test_uploads_over_the_size_limit_are_refused(staff_api, monkeypatch):
    monkeypatch.setattr(ingest_api, "UPLOAD_MAX_BYTES", 10)
    response = staff_api.post(
        URL, {"file": upload("feed.json", b"[" + b" " * 20 + b"]"), "source": "x"},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 400
    assert "larger than" in response.json()["file"][0]


def test_large_feeds_answer_503_while_the_broker_is_down(
    staff_api, fixture_bytes, monkeypatch, broker_down
):
    """A feed that cannot be queued is a clear 503 with Retry-After, never a 500."""
    monkeypatch.setattr(ingest_api, "INLINE_MAX_BYTES", 100)
    response = staff_api.post(
        URL,
        {"file": upload("lever.json", fixture_bytes("lever.json")), "source": "pinewave"},
        format="multipart",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == str(ingest_api.BROKER_RETRY_AFTER_SECONDS)
    assert "send the feed again" in response.json()["detail"]
    assert not JobPosting.objects.filter(source="pinewave").exists()


def test_the_counts_include_what_a_snapshot_closed(staff_api, fixture_bytes):
    """A registered Greenhouse feed's second upload without a job answers closed 1."""
    FeedSource.objects.create(name="atlasworks", company_name="Atlasworks", trusted=True)
    feed = json.loads(fixture_bytes("greenhouse.json"))
    staff_api.post(URL, {"source": "atlasworks", "data": feed}, format="json")
    feed["jobs"] = feed["jobs"][1:]
    response = staff_api.post(URL, {"source": "atlasworks", "data": feed}, format="json")
    assert response.status_code == 200
    assert (response.json()["unchanged"], response.json()["closed"]) == (2, 1)
