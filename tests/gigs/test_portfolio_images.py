"""Portfolio images: checked by content, re-encoded without metadata, served, deleted."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gigs import portfolio_images
from gigs.models import PortfolioItem
from gigs.services import profiles
from tests.gigs.factories import FreelancerProfileFactory, PortfolioItemFactory

pytestmark = pytest.mark.django_db

ADD = reverse("freelancers:portfolio_add")


def image_bytes(width=40, height=30, kind="JPEG", **options):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, kind, **options)
    return buffer.getvalue()


def jpeg_with_location():
    """A JPEG carrying EXIF: a camera model and GPS coordinates."""
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 9000"  # Model
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    return image_bytes(kind="JPEG", exif=exif)


def png_claiming(width, height):
    """A small PNG whose header says it is ``width`` x ``height``: what a bomb looks like."""
    data = bytearray(image_bytes(1, 1, "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def upload(data, name="shot.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_item(client, data, name="shot.jpg", content_type="image/jpeg"):
    return client.post(
        ADD,
        {"title": "Pricing study", "image": upload(data, name, content_type)},
    )


@pytest.fixture
def signed_in(client, freelancer):
    client.force_login(freelancer)
    return client


def stored_files():
    try:
        return default_storage.listdir(portfolio_images.UPLOAD_TO)[1]
    except FileNotFoundError:
        return []


def test_a_good_image_is_stored_re_encoded_under_a_random_name(signed_in):
    """The stored JPEG has no EXIF (no camera, no GPS), a random name and its size."""
    response = post_item(signed_in, jpeg_with_location(), name="my holiday.jpg")
    assert response.status_code == 302
    item = PortfolioItem.objects.get()
    assert item.image.name.startswith("portfolio/")
    assert "holiday" not in item.image.name
    assert (item.image_width, item.image_height) == (40, 30)
    with default_storage.open(item.image.name) as stored:
        data = stored.read()
    assert b"SecretCam" not in data
    reopened = Image.open(io.BytesIO(data))
    assert reopened.format == "JPEG"
    assert not reopened.getexif()


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format(freelancer, kind):
    item = profiles.portfolio_item_add(
        user=freelancer,
        fields={"title": "Chart"},
        image=upload(image_bytes(kind=kind), name="chart.bin"),
    )
    assert item.image.name.endswith({"PNG": ".png", "WEBP": ".webp"}[kind])


def test_a_large_image_is_scaled_down(freelancer):
    item = profiles.portfolio_item_add(
        user=freelancer,
        fields={"title": "Board"},
        image=upload(image_bytes(4000, 2000, "PNG"), "board.png"),
    )
    assert (item.image_width, item.image_height) == (1600, 800)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(b"just some notes\n", "notes.png", "not a whole JPEG", id="text-as-png"),
        pytest.param(jpeg_with_location()[:-200], "cut.jpg", "not a whole JPEG", id="truncated"),
        pytest.param(image_bytes(kind="GIF"), "anim.png", "as JPEG, PNG or WebP", id="gif"),
        pytest.param(png_claiming(6000, 6000), "big.png", "too many pixels", id="36-megapixels"),
        pytest.param(png_claiming(60_000, 60_000), "bomb.png", "too many pixels", id="bomb"),
        pytest.param(
            image_bytes(kind="PNG") + b"\0" * portfolio_images.MAX_BYTES,
            "huge.png",
            "5 MB or smaller",
            id="over-5mb",
        ),
    ],
)
def test_a_bad_upload_is_a_form_error(signed_in, data, name, message):
    """Whatever the name or the type the browser claims, the content decides: a 400 that
    says why, and nothing stored."""
    response = post_item(signed_in, data, name=name, content_type="image/png")
    assert response.status_code == 400
    assert message in response.text
    assert not PortfolioItem.objects.exists()
    assert stored_files() == []


def test_an_item_without_an_image_still_works(signed_in):
    assert signed_in.post(ADD, {"title": "Roadmap reset"}).status_code == 302
    assert not PortfolioItem.objects.get().image


def test_the_page_shows_a_lazy_thumbnail_with_alt_text(client, freelancer):
    item = profiles.portfolio_item_add(
        user=freelancer, fields={"title": "Pricing <study>"}, image=upload(image_bytes())
    )
    page = client.get(freelancer.freelancer_profile.get_absolute_url()).text
    assert f'src="{item.image.url}"' in page
    assert 'alt="Pricing &lt;study&gt;"' in page
    assert 'loading="lazy"' in page
    assert 'width="40" height="30"' in page


def test_the_image_is_served_as_an_image(client, freelancer):
    item = profiles.portfolio_item_add(
        user=freelancer, fields={"title": "Chart"}, image=upload(image_bytes(kind="PNG"))
    )
    response = client.get(item.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "name", ["notes.txt", "0123456789abcdef0123456789abcdef.svg", "../private/cv.pdf", "x.png"]
)
def test_nothing_else_is_served_from_the_portfolio_folder(client, name):
    default_storage.save(f"portfolio/{name.rsplit('/', 1)[-1]}", io.BytesIO(b"<svg/>"))
    assert client.get(f"/media/portfolio/{name}").status_code == 404


def test_deleting_the_item_deletes_its_image(
    signed_in, freelancer, django_capture_on_commit_callbacks
):
    item = profiles.portfolio_item_add(
        user=freelancer, fields={"title": "Chart"}, image=upload(image_bytes())
    )
    assert default_storage.exists(item.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("freelancers:portfolio_delete", args=[item.pk]))
    assert response.status_code == 302
    assert not PortfolioItem.objects.exists()
    assert not default_storage.exists(item.image.name)


def test_someone_elses_item_and_image_stay(signed_in, stranger, django_capture_on_commit_callbacks):
    theirs = profiles.portfolio_item_add(
        user=FreelancerProfileFactory.create(user=stranger).user,
        fields={"title": "Theirs"},
        image=upload(image_bytes()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("freelancers:portfolio_delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert PortfolioItem.objects.filter(pk=theirs.pk).exists()
    assert default_storage.exists(theirs.image.name)


def test_the_admin_cannot_swap_an_image_in(client, staff_user, freelancer):
    """The admin shows the image read-only: only the checked upload path stores one."""
    PortfolioItemFactory.create(profile=freelancer.freelancer_profile)
    client.force_login(staff_user)
    page = client.get(
        reverse("admin:gigs_freelancerprofile_change", args=[freelancer.freelancer_profile.pk])
    ).text
    assert 'name="portfolio_items-0-image"' not in page
