"""Staff curate certifications in admin: list editing, bulk actions, CSV import and export."""

import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers.admin import CertificationAdmin
from careers.models import Certification
from tests.careers.factories import CertificationFactory
from tests.jobs.factories import SkillFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:careers_certification_changelist")
IMPORT = reverse("admin:careers_certification_import")
PROCESS_IMPORT = reverse("admin:careers_certification_process_import")
EXPORT = reverse("admin:careers_certification_export")

CSV_HEADER = (
    "slug,name,provider,url,description,format,duration_weeks,cost,currency,level,skills,"
    "is_active,is_featured,order\n"
)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def csv_file(*rows):
    return SimpleUploadedFile("certs.csv", (CSV_HEADER + "".join(rows)).encode(), "text/csv")


def upload(client, *rows):
    return client.post(IMPORT, {"format": "0", "import_file": csv_file(*rows)})


def test_changelist_searches_and_filters(staff_client):
    """Search finds by name or provider; the provider, format, active and featured filters work."""
    wanted = CertificationFactory.create(name="Agile Owner", provider="IIBA", is_featured=True)
    CertificationFactory.create(name="Other", provider="AIPMM", is_active=False)

    searched = staff_client.get(CHANGELIST, {"q": "iiba"})
    filtered = staff_client.get(CHANGELIST, {"is_active__exact": "1", "is_featured__exact": "1"})
    by_provider = staff_client.get(CHANGELIST, {"provider": "IIBA", "format": "online"})

    for response in (searched, filtered, by_provider):
        assert list(response.context["cl"].result_list) == [wanted]


def test_order_featured_and_active_are_edited_in_the_list(staff_client):
    """The changelist saves order, featured and active for every row at once."""
    first, second = CertificationFactory.create(order=1), CertificationFactory.create(order=2)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, (cert, order, featured, active) in enumerate(
        [(first, 9, True, False), (second, 3, False, True)]
    ):
        data[f"form-{index}-id"] = str(cert.pk)
        data[f"form-{index}-order"] = str(order)
        if featured:
            data[f"form-{index}-is_featured"] = "on"
        if active:
            data[f"form-{index}-is_active"] = "on"

    response = staff_client.post(CHANGELIST, data)

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.order, first.is_featured, first.is_active) == (9, True, False)
    assert (second.order, second.is_featured, second.is_active) == (3, False, True)


@pytest.mark.parametrize(
    ("action", "before", "after"), [("activate", False, True), ("deactivate", True, False)]
)
def test_bulk_actions_switch_the_active_flag(staff_client, action, before, after):
    """The bulk actions change only the selected certifications."""
    chosen = CertificationFactory.create(is_active=before)
    untouched = CertificationFactory.create(is_active=before)

    staff_client.post(CHANGELIST, {"action": action, "_selected_action": [chosen.pk]})

    chosen.refresh_from_db()
    untouched.refresh_from_db()
    assert chosen.is_active is after
    assert untouched.is_active is before


def test_import_preview_is_a_dry_run(staff_client):
    """Uploading a CSV shows what would change and asks to confirm; nothing is written yet."""
    SkillFactory.create(name="Agile delivery")

    response = upload(
        staff_client,
        "cspo,Scrum Product Owner,Scrum Alliance,https://example.com,,online,2,900,usd,"
        "foundation,agile-delivery,1,0,5\n",
    )

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not response.context["result"].has_errors()
    assert "Scrum Product Owner" in response.text
    assert not Certification.objects.exists()


def test_confirmed_import_creates_and_updates_by_slug(staff_client):
    """Confirming the preview writes the rows: new slugs are created, known slugs updated."""
    skill = SkillFactory.create(name="Agile delivery")
    known = CertificationFactory.create(slug="cpoa", name="Old name", order=1)
    preview = upload(
        staff_client,
        "cpoa,New name,IIBA,,,online,10,,,practitioner,,1,1,2\n",
        "cspo,Scrum Product Owner,Scrum Alliance,,,hybrid,,900,USD,foundation,"
        "agile-delivery,1,0,5\n",
    )
    confirm = preview.context["confirm_form"].initial

    response = staff_client.post(PROCESS_IMPORT, confirm)

    assert response.status_code == 302
    known.refresh_from_db()
    assert (known.name, known.is_featured, known.order) == ("New name", True, 2)
    created = Certification.objects.get(slug="cspo")
    assert (created.cost, created.currency, created.format) == (90000, "USD", "hybrid")
    assert list(created.skills.all()) == [skill]


def test_import_with_a_bad_row_reports_it_and_writes_nothing(staff_client):
    """A row with an unknown currency is shown as an error and no confirm step is offered."""
    response = upload(
        staff_client,
        "good,Good one,,,,online,,,,foundation,,1,0,1\n",
        "bad,Bad one,,,,online,,1000,ZZZ,foundation,,1,0,1\n",
    )

    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert response.context.get("confirm_form") is None
    assert not Certification.objects.exists()


def test_export_writes_every_certification_as_csv(staff_client):
    """The CSV export has one row per certification, with skills as slugs."""
    cert = CertificationFactory.create(slug="cpoa", name="CPOA")
    cert.skills.set([SkillFactory.create(name="SQL"), SkillFactory.create(name="Agile delivery")])

    response = staff_client.post(
        EXPORT,
        {"format": "0", **{f"certificationresource_{f}": "on" for f in ("slug", "name", "skills")}},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].split(",")[:2] == ["slug", "name"]
    assert "cpoa,CPOA,agile-delivery|sql" in lines[1]


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_export_neutralises_cells_that_start_a_formula(staff_client, trigger):
    """Text a spreadsheet would run as a formula is exported behind an apostrophe."""
    payload = f'{trigger}HYPERLINK("http://evil.example")'
    CertificationFactory.create(slug="cpoa", name=payload, provider=payload, description=payload)

    response = staff_client.post(
        EXPORT,
        {
            "format": "0",
            **{
                f"certificationresource_{f}": "on"
                for f in ("slug", "name", "provider", "description")
            },
        },
    )

    assert response.status_code == 200
    row = tablib.Dataset().load(response.content.decode(), format="csv").dict[0]
    assert row["slug"] == "cpoa"
    assert row["name"] == row["provider"] == row["description"] == "'" + payload


def test_non_staff_cannot_open_the_import(client, candidate):
    """Import is for staff only; others are sent to the admin login."""
    client.force_login(candidate)

    response = client.get(IMPORT)

    assert response.status_code == 302
    assert reverse("admin:login") in response.url


# --- Costs in currency units, every column, round trip ------------------------------------------


def export_all(client):
    """Export with every column the export form offers ticked, as the form posts it."""
    form = client.get(EXPORT).context["form"]
    columns = {name: "on" for name in form.fields if name.startswith("certificationresource_")}
    response = client.post(EXPORT, {"format": "0", **columns})
    assert response.status_code == 200
    return response.content.decode()


def import_file(client, content):
    """Upload ``content`` and confirm the preview; return the preview response."""
    upload_file = SimpleUploadedFile("certs.csv", content.encode(), "text/csv")
    preview = client.post(IMPORT, {"format": "0", "import_file": upload_file})
    assert not preview.context["result"].has_errors()
    assert not preview.context["result"].has_validation_errors()
    assert client.post(PROCESS_IMPORT, preview.context["confirm_form"].initial).status_code == 302
    return preview


@pytest.mark.parametrize(
    ("cost", "currency", "stored"),
    [
        ("450", "USD", 45_000),
        ("450.50", "usd", 45_050),
        ("5000", "JPY", 5_000),
        ("1.234", "KWD", 1_234),
        ("0", "", 0),
        ("", "", None),
    ],
)
def test_import_reads_costs_in_currency_units(staff_client, cost, currency, stored):
    """A cost is written as the page shows it; it is stored in the currency's minor units."""
    import_file(
        staff_client, CSV_HEADER + f"cspo,CSPO,,,,online,,{cost},{currency},foundation,,1,0,1\n"
    )
    assert Certification.objects.get(slug="cspo").cost == stored


@pytest.mark.parametrize(
    ("stored", "currency", "exported"),
    [(45_000, "USD", "450"), (45_050, "USD", "450.50"), (5_000, "JPY", "5000"), (0, "", "0")],
)
def test_export_writes_costs_as_the_page_shows_them(staff_client, stored, currency, exported):
    """The cost column holds currency units, not minor units."""
    CertificationFactory.create(slug="cpoa", cost=stored, currency=currency)
    [row] = tablib.Dataset().load(export_all(staff_client), format="csv").dict
    assert row["cost"] == exported


def test_export_has_every_column_the_admin_form_offers(staff_client, staff_user, rf):
    """Each field of the certification's change form is a column of the export, format too."""
    request = rf.get(CHANGELIST)
    request.user = staff_user
    form_fields = set(CertificationAdmin(Certification, admin.site).get_form(request)().fields)
    CertificationFactory.create(format="hybrid")
    dataset = tablib.Dataset().load(export_all(staff_client), format="csv")
    assert set(dataset.headers) == form_fields
    assert dataset.dict[0]["format"] == "hybrid"


def test_export_then_import_gives_the_same_rows(staff_client):
    """Exporting, removing the certifications and importing the file brings the same rows back."""
    skills = [SkillFactory.create(name="SQL"), SkillFactory.create(name="Agile delivery")]
    CertificationFactory.create(
        slug="cpoa",
        cost=45_050,
        currency="USD",
        format="hybrid",
        description="Two lines\nof text",
        is_featured=True,
        order=3,
    )
    CertificationFactory.create(slug="jp", cost=5_000, currency="JPY", duration_weeks=None)
    CertificationFactory.create(slug="free", cost=0, currency="", format="", level="advanced")
    CertificationFactory.create(slug="unknown", cost=None, currency="", is_active=False)
    Certification.objects.get(slug="cpoa").skills.set(skills)
    exported = export_all(staff_client)
    Certification.objects.all().delete()

    import_file(staff_client, exported)

    assert export_all(staff_client) == exported
    assert Certification.objects.get(slug="cpoa").cost == 45_050
    assert Certification.objects.get(slug="jp").cost == 5_000


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("4x0", "“4x0” is not a cost: write it in currency units, such as 450 or 450.50."),
        ("-450", "A cost cannot be negative."),
        ("4.5e2", "“4.5e2” is not a cost: write it in currency units, such as 450 or 450.50."),
    ],
)
def test_import_with_a_bad_cost_reports_the_row(staff_client, cost, message):
    """A cost that is not an amount is that row's error on the preview; nothing is written."""
    response = upload(staff_client, f"cspo,CSPO,,,,online,,{cost},USD,foundation,,1,0,1\n")

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.error_dict["cost"] == [message]
    assert response.context.get("confirm_form") is None
    assert not Certification.objects.exists()


def test_change_form_takes_the_cost_in_currency_units(staff_client):
    """Staff type the cost as the page shows it; the form shows it back the same way."""
    cert = CertificationFactory.create(cost=45_000, currency="USD")
    url = reverse("admin:careers_certification_change", args=[cert.pk])
    assert staff_client.get(url).context["adminform"].form["cost"].value() == "450"
    data = {
        "name": cert.name,
        "slug": cert.slug,
        "format": "online",
        "cost": "499.99",
        "currency": "usd",
        "level": "foundation",
        "is_active": "on",
        "order": "1",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.cost, cert.currency) == (49_999, "USD")


def test_change_form_refuses_a_negative_cost(staff_client):
    """A negative cost is a form error, and the stored cost stays."""
    cert = CertificationFactory.create(cost=45_000, currency="USD")
    url = reverse("admin:careers_certification_change", args=[cert.pk])
    data = {"name": cert.name, "slug": cert.slug, "cost": "-1", "currency": "USD",
            "level": "foundation", "order": "1"}  # fmt: skip

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cost"]
    cert.refresh_from_db()
    assert cert.cost == 45_000


# --- Facts nobody has stated ------------------------------------------------------------------


def test_import_keeps_unstated_facts_blank(staff_client):
    """A row with no format, duration, cost or level stores blanks, and the page says so."""
    import_file(staff_client, CSV_HEADER + "bare,Bare one,,,,,,,,,,1,0,1\n")

    bare = Certification.objects.get(slug="bare")
    assert (bare.format, bare.duration_weeks, bare.cost, bare.level) == ("", None, None, "")
    assert bare.level_label == "Level not stated"


def test_import_refuses_a_level_that_is_not_a_choice(staff_client):
    response = upload(staff_client, "odd,Odd one,,,,online,,,,expert,,1,0,1\n")

    assert response.context["result"].has_validation_errors()
    assert not Certification.objects.exists()


def test_change_form_saves_a_certification_with_nothing_stated(staff_client):
    """Staff can leave format, duration, cost and level blank; the list shows "not stated"."""
    cert = CertificationFactory.create(level="advanced")
    url = reverse("admin:careers_certification_change", args=[cert.pk])
    data = {"name": cert.name, "slug": cert.slug, "is_active": "on", "order": "1"}

    response = staff_client.post(url, data)

    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.format, cert.duration_weeks, cert.cost, cert.level) == ("", None, None, "")
    listing = staff_client.get(CHANGELIST).text
    assert "Duration not stated" in listing and "Level not stated" in listing
