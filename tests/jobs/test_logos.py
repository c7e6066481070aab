"""Company logos: the limits on upload (site and admin) and how they are served."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from jobs import logos
from jobs.models import Company
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

COMPANY_URL = reverse("jobs:company_create")
ADMIN_ADD_URL = reverse("admin:jobs_company_add")


def image_bytes(width: int, height: int, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, kind)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header says it is ``width`` x ``height``: what a bomb looks like."""
    data = bytearray(image_bytes(1, 1))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def logo(data: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def company_form(data: bytes, name: str = "logo.png") -> dict:
    return {"name": "Acme", "industry": "software", "country": "GB", "logo": logo(data, name)}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_a_logo_within_the_limits_is_kept(client, recruiter):
    """A PNG inside the pixel cap is stored with the company."""
    client.force_login(recruiter)
    response = client.post(COMPANY_URL, company_form(image_bytes(400, 120)))
    assert response.status_code == 302
    assert Company.objects.get(name="Acme").logo.name.startswith(logos.UPLOAD_TO)


def test_the_largest_logo_allowed_is_kept(client, recruiter):
    """Exactly the cap on both sides is allowed."""
    client.force_login(recruiter)
    side = logos.MAX_SIDE
    response = client.post(COMPANY_URL, company_form(image_bytes(side, side)))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(image_bytes(logos.MAX_SIDE + 1, 10), "logo.png", id="too-wide"),
        pytest.param(image_bytes(10, logos.MAX_SIDE + 1), "logo.png", id="too-tall"),
        pytest.param(png_claiming(12_000, 12_000), "logo.png", id="bomb-warning"),
        pytest.param(png_claiming(60_000, 60_000), "logo.png", id="bomb-error"),
        pytest.param(image_bytes(16, 16, "GIF"), "logo.png", id="gif-named-png"),
        pytest.param(b"<svg onload=alert(1)>", "logo.png", id="not-an-image"),
        pytest.param(image_bytes(16, 16) + b"\0" * (1024 * 1024), "logo.png", id="over-1mb"),
    ],
)
def test_the_site_form_refuses_a_logo_past_the_limits(client, recruiter, data, name):
    """Too many pixels (decompression bombs too), another format or too many bytes: a 400."""
    client.force_login(recruiter)
    response = client.post(COMPANY_URL, company_form(data, name))
    assert response.status_code == 400
    assert "logo" in response.context["form"].errors
    assert not Company.objects.filter(name="Acme").exists()


@pytest.mark.parametrize(("width", "height"), [(60_000, 60_000), (12_000, 12_000)])
def test_a_decompression_bomb_says_the_image_is_too_large(client, recruiter, width, height):
    """Past Pillow's MAX_IMAGE_PIXELS, whether it warns or refuses, the error names pixels."""
    assert width * height > Image.MAX_IMAGE_PIXELS
    client.force_login(recruiter)
    response = client.post(COMPANY_URL, company_form(png_claiming(width, height)))
    assert response.context["form"].errors["logo"] == [
        f"The logo is too large: make it at most {logos.MAX_SIDE}×{logos.MAX_SIDE} pixels."
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(image_bytes(logos.MAX_SIDE + 1, 10), id="too-wide"),
        pytest.param(png_claiming(60_000, 60_000), id="bomb-error"),
        pytest.param(png_claiming(12_000, 12_000), id="bomb-warning"),
    ],
)
def test_the_admin_refuses_a_logo_past_the_limits(staff_client, data):
    """The admin's company form applies the same limits and shows the error."""
    response = staff_client.post(ADMIN_ADD_URL, {**company_form(data), "slug": "acme", "size": ""})
    assert response.status_code == 200
    assert "logo" in response.context["adminform"].form.errors
    assert not Company.objects.filter(slug="acme").exists()


def test_the_admin_keeps_a_logo_within_the_limits(staff_client):
    """A good logo saves through the admin."""
    response = staff_client.post(
        ADMIN_ADD_URL, {**company_form(image_bytes(200, 200)), "slug": "acme", "size": ""}
    )
    assert response.status_code == 302
    assert Company.objects.get(slug="acme").logo


# --- Serving ---------------------------------------------------------------------------------


@pytest.fixture
def stored_logo(client, recruiter) -> Company:
    client.force_login(recruiter)
    client.post(COMPANY_URL, company_form(image_bytes(64, 64)))
    client.logout()
    return Company.objects.get(name="Acme")


def test_an_uploaded_logo_is_served_with_safe_headers(client, stored_logo):
    """Anyone gets the logo as an image, never sniffed, cacheable by browsers and proxies."""
    response = client.get(stored_logo.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert "Last-Modified" in response
    assert b"".join(response.streaming_content) == stored_logo.logo.read()


def test_an_unchanged_logo_answers_304(client, stored_logo):
    """A browser revalidating its copy gets no body back."""
    first = client.get(stored_logo.logo.url)
    again = client.get(stored_logo.logo.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_the_posting_page_shows_a_logo_that_loads(client, stored_logo):
    """The img on a posting page points at a URL that serves the logo."""
    posting = PostingFactory.create(company=stored_logo)
    page = client.get(posting.get_absolute_url())
    assert f'src="{stored_logo.logo.url}"'.encode() in page.content
    assert client.get(stored_logo.logo.url).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "company-logos/missing.png",
        "company-logos/page.html",
        "company-logos/logo.svg",
        "resumes/cv.pdf",
        "company-logos/../resumes/cv.pdf",
        "company-logos/../../private/resumes/cv.pdf",
        "company-logos/",
        "company-logos/logo%00.png",
        "company-logos/%2e%2e/resumes/cv.pdf",
        "company-logos//etc/passwd.png",
    ],
)
def test_nothing_but_a_stored_logo_is_served(client, settings, path):
    """Other uploads, other types, missing files, odd names and escapes from the folder: 404."""
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    for root in (media, private):
        (root / "resumes").mkdir(parents=True, exist_ok=True)
        (root / "resumes" / "cv.pdf").write_bytes(b"%PDF-1.7 private")
    (media / "company-logos").mkdir(parents=True, exist_ok=True)
    for name in ("page.html", "logo.svg"):
        (media / "company-logos" / name).write_text("<script>alert(1)</script>")
    assert client.get(f"{settings.MEDIA_URL}{path}").status_code == 404
