"""The route x role matrix: every route is in tests/route_policy.py, and answers as it says."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from gigs.domain import BudgetType, ReviewRole
from gigs.hours import week_of
from gigs.models import Contract, HourLog, Milestone, Offer, Review
from gigs.services import contracts, hours, ledger, lifecycle
from gigs.services import feeds as gig_feeds
from jobs.domain import PostingStatus
from jobs.models import Application, JobPosting
from jobs.services import saved_searches
from messaging import services as messaging
from messaging.models import Message, Thread, ThreadMember
from messaging.notifications import mute_token
from tests.accounts.factories import UserFactory
from tests.careers.factories import CareerPathFactory, CareerStepFactory, ChecklistItemFactory
from tests.gigs.factories import (
    FreelancerProfileFactory,
    GigFactory,
    OfferExtraFactory,
    OfferFactory,
    PayoutMethodFactory,
    PortfolioItemFactory,
    ProposalFactory,
)
from tests.jobs.factories import ApplicationFactory, PostingFactory, SkillFactory
from tests.route_policy import (
    ADMIN_PREFIX,
    ADMIN_PUBLIC,
    ANONYMOUS,
    CANDIDATE,
    NOBODY,
    OTHER,
    OWNER,
    POLICY,
    STAFF,
    VISIBLE_TO,
    Call,
    World,
)

SUCCESS_REDIRECTS = (301, 302, 303)


def site_routes(
    resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """Every URL pattern as (name, route), walking included URLconfs."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from site_routes(entry, inner, route)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else f"<unnamed {route}>", route)


def listed_routes() -> dict[str, str]:
    return {name: route for name, route in site_routes() if not route.startswith(ADMIN_PREFIX)}


def admin_routes() -> list[str]:
    return [name for name, route in site_routes() if route.startswith(ADMIN_PREFIX)]


def test_every_route_is_in_the_policy():
    """A route the policy does not list fails the matrix, named, so it cannot skip a decision."""
    unlisted = sorted(
        f"{name} ({route})" for name, route in listed_routes().items() if name not in POLICY
    )
    assert not unlisted, f"routes missing from tests/route_policy.py: {unlisted}"


def test_every_policy_entry_is_a_route():
    """A policy entry whose route is gone fails, so the table never describes a ghost."""
    stale = sorted(set(POLICY) - set(listed_routes()))
    assert not stale, f"tests/route_policy.py lists routes that no longer exist: {stale}"


def test_route_names_are_unique():
    """Each route has its own name outside the admin, so one policy entry means one route."""
    names = [name for name, route in site_routes() if not route.startswith(ADMIN_PREFIX)]
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert not repeated, f"several routes share these names: {repeated}"


@pytest.fixture
def users(db, candidate, recruiter, other_recruiter, staff_user) -> dict[str, User | None]:
    return {
        ANONYMOUS: None,
        CANDIDATE: candidate,
        OWNER: recruiter,
        OTHER: other_recruiter,
        STAFF: staff_user,
    }


@pytest.fixture
def world(users, company, other_company) -> World:
    """Company A (the owner's) with a posting in every status, company B's, and their rows."""
    candidate = users[CANDIDATE]
    assert candidate is not None
    candidate.name = "Casey zqcandidatenamezq"
    candidate.save()
    rival = UserFactory.create(email="rival@example.com", name="Rio zqrivalnamezq")
    postings = {
        status: PostingFactory.create(
            company=company,
            status=status,
            title=f"Product Manager zqa{status}zq",
            slug=f"role-zqa{status}zq",
        )
        for status in PostingStatus.values
    }
    postings["published"].title = "Product Manager, Payments"
    postings["published"].save()
    postings["open"] = PostingFactory.create(company=company, title="Product Manager, Growth")
    postings["other_published"] = PostingFactory.create(company=other_company)
    postings["other_draft"] = PostingFactory.create(
        company=other_company,
        status=PostingStatus.DRAFT,
        title="Product Manager zqbdraftzq",
        slug="role-zqbdraftzq",
    )
    for posting in postings.values():
        posting.refresh_from_db()
    applications = {
        "candidate_to_owner": ApplicationFactory.create(
            posting=postings["published"],
            candidate=candidate,
            cover_note="zqcaseyatownerzq",
            resume_name="zqcaseyatownerzq.pdf",
        ),
        "candidate_to_other": ApplicationFactory.create(
            posting=postings["other_published"],
            candidate=candidate,
            cover_note="zqcaseyatotherzq",
            resume_name="zqcaseyatotherzq.pdf",
        ),
        "rival_to_owner": ApplicationFactory.create(
            posting=postings["published"],
            candidate=rival,
            cover_note="zqrivalatownerzq",
            resume_name="zqrivalatownerzq.pdf",
        ),
    }
    saved = saved_searches.saved_search_create(
        user=candidate, name="Search zqsavedsearchzq", query="q=product"
    )
    saved_searches.saved_search_create(user=rival, name="Search zqrivalsearchzq", query="q=lead")
    path = CareerPathFactory.create(slug="into-product")
    step = CareerStepFactory.create(path=path, slug="first-step")
    SkillFactory.create(name="SQL")
    hidden_path = CareerPathFactory.create(
        slug="hidden-path", title="Path zqhiddenpathzq", is_published=False
    )
    hidden_step = CareerStepFactory.create(
        path=hidden_path, slug="hidden-step", title="Step zqhiddenpathzq"
    )
    gigs = {
        "open": GigFactory.create(client=users[OWNER], title="Write our onboarding PRD"),
        "draft": GigFactory.create(
            client=users[OWNER], status="draft", title="Gig zqgigdraftzq", slug="gig-zqgigdraftzq"
        ),
        "hidden": GigFactory.create(
            client=users[OWNER], is_hidden=True, title="Gig zqgighiddenzq", slug="gig-zqgighidden"
        ),
        "other_open": GigFactory.create(client=users[OTHER], title="Plan our launch"),
    }
    profile = FreelancerProfileFactory.create(user=candidate, slug="casey")
    profile.skills.set([SkillFactory.create(name="Pricing")])
    gigs["open"].skills.set(profile.skills.all())
    contract, milestones = _contract(users)
    proposals = {
        "candidate_on_open": ProposalFactory.create(
            gig=gigs["open"], freelancer=candidate, approach="My plan zqproposalzq"
        )
    }
    thread, message, mute_token = _thread(contract)
    hourly, hour_logs = _hourly(users)
    offers = {
        "published": OfferFactory.create(freelancer=candidate, slug="casey-prd-review"),
        "draft": OfferFactory.create(
            freelancer=candidate, status="draft", title="Offer zqofferdraftzq", slug="offer-draft"
        ),
        "hidden": OfferFactory.create(
            freelancer=candidate, is_hidden=True, title="Offer zqofferhiddenzq", slug="offer-hid"
        ),
    }
    OfferExtraFactory.create(offer=offers["published"])
    return World(
        offers=offers,
        offer_thread=_offer_thread(offers["published"], users[OTHER]),
        thread=thread,
        message=message,
        mute_token=mute_token,
        contract=contract,
        milestones=milestones,
        hourly=hourly,
        hour_logs=hour_logs,
        reviews=_reviews(contract),
        gigs=gigs,
        proposals=proposals,
        profile=profile,
        portfolio_item=PortfolioItemFactory.create(profile=profile),
        payout_method=PayoutMethodFactory.create(profile=profile, bank_name="zqpayoutzq Bank"),
        postings=postings,
        applications=applications,
        companies={"owner": company, "other": other_company},
        saved_search=saved,
        unsubscribe_all_token=saved_searches.unsubscribe_all_token(candidate),
        path=path,
        step=step,
        checklist_item=ChecklistItemFactory.create(step=step),
        hidden_path=hidden_path,
        hidden_step=hidden_step,
        hidden_checklist_item=ChecklistItemFactory.create(
            step=hidden_step, text="Action zqhiddenpathzq"
        ),
        candidate=candidate,
        gig_feed_token=gig_feeds.gig_feed_token_rotate(user=candidate).token,
        gig_digest_stop_token=gig_feeds.digest_stop_token(candidate),
    )


def _contract(users: dict[str, User | None]) -> tuple[Contract, dict[str, Milestone]]:
    """The owner's contract with the candidate: one milestone in each state the matrix acts on."""
    client, freelancer, staff = users[OWNER], users[CANDIDATE], users[STAFF]
    assert client is not None and freelancer is not None and staff is not None
    gig = GigFactory.create(client=client, title="Hired gig", slug="hired-gig")
    plan = [
        {"title": f"Milestone {key} zqmilestonezq", "amount": 10_000}
        for key in ("agreed", "funded", "submitted")
    ]
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=30_000, milestones=plan)
    contract = lifecycle.proposal_accept(proposal=proposal, user=client)
    by_key = dict(
        zip(
            ("agreed", "funded", "submitted"), contract.milestones.order_by("position"), strict=True
        )
    )
    ledger.deposit_record(
        actor=staff, client=client, amount=20_000, currency="GBP", reference="matrix"
    )
    for key in ("funded", "submitted"):
        contracts.milestone_fund(milestone=by_key[key], user=client)
    contracts.milestone_submit(milestone=by_key["submitted"], user=freelancer)
    by_key["unagreed"] = contracts.milestone_add(
        contract=contract, user=client, title="Extra zqmilestonezq", amount=5_000
    )
    # Enough funds for the matrix's fund request to move money rather than ask for a transfer.
    ledger.deposit_record(
        actor=staff, client=client, amount=10_000, currency="GBP", reference="matrix-2"
    )
    for milestone in by_key.values():
        milestone.refresh_from_db()
    return contract, by_key


def _offer_thread(offer: Offer, asker: User | None) -> Thread:
    """A question about the candidate's published offer from another signed-in user."""
    assert asker is not None
    thread = messaging.thread_for_offer(offer=offer, user=asker)
    messaging.message_send(
        thread=thread, sender=asker, body="Is a rush possible? zqofferquestionzq"
    )
    return thread


def _thread(contract: Contract) -> tuple[Thread, Message, str]:
    """The contract's thread with one message and a document, and the freelancer's mute token."""
    thread = messaging.thread_for_contract(contract=contract, user=contract.client)
    message = messaging.message_send(
        thread=thread,
        sender=contract.client,
        body="Kick-off zqmessagezq",
        attachment=SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    member = ThreadMember.objects.get(thread=thread, user=contract.freelancer)
    return thread, message, mute_token(member)


def _hourly(users: dict[str, User | None]) -> tuple[Contract, dict[str, HourLog]]:
    """The owner's hourly contract with the candidate, escrow funded, one week waiting for
    the client and one rejected."""
    client, freelancer, staff = users[OWNER], users[CANDIDATE], users[STAFF]
    assert client is not None and freelancer is not None and staff is not None
    gig = GigFactory.create(
        client=client,
        title="Hourly gig",
        slug="hourly-gig",
        budget_type=BudgetType.HOURLY,
        budget_min=6_000,
        budget_max=9_000,
    )
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=6_000)
    contract = lifecycle.proposal_accept(proposal=proposal, user=client)
    Contract.objects.filter(pk=contract.pk).update(created_at=timezone.now() - timedelta(weeks=3))
    contract.refresh_from_db()
    ledger.deposit_record(
        actor=staff, client=client, amount=40_000, currency="GBP", reference="matrix-hours"
    )
    hours.hourly_fund(contract=contract, user=client, amount=20_000)
    this_week = week_of(timezone.localdate())
    logs = {
        key: hours.hourlog_submit(
            contract=contract,
            user=freelancer,
            week=this_week - timedelta(weeks=weeks),
            minutes=90,
            description=f"Week {key} zqhourszq",
        )
        for key, weeks in (("submitted", 1), ("rejected", 2))
    }
    hours.hourlog_reject(log=logs["rejected"], user=client, reason="Not agreed")
    return contract, logs


def _reviews(contract: Contract) -> dict[str, Review]:
    """The owner's published review of the candidate, and the candidate's blind one back.

    Written past the service, which takes reviews of ended contracts only: the matrix's
    contract stays active for the milestone routes.
    """
    published = Review.objects.create(
        contract=contract,
        author=contract.client,
        subject=contract.freelancer,
        subject_role=ReviewRole.FREELANCER,
        rating=5,
        text="A public review",
        published_at=timezone.now(),
    )
    blind = Review.objects.create(
        contract=contract,
        author=contract.freelancer,
        subject=contract.client,
        subject_role=ReviewRole.CLIENT,
        rating=4,
        text="Words zqblindreviewzq",
    )
    return {"of_candidate": published, "of_owner": blind}


def row_counts() -> tuple[int, ...]:
    """Each model's row count through its default manager, all in one query.

    The matrix takes a fingerprint before and after every refused write; one count query per
    model made that tens of round trips each time.
    """
    counts: list[str] = []
    params: list[Any] = []
    for model in apps.get_models():
        sql, model_params = model._default_manager.values("pk").query.sql_with_params()
        # The ORM wrote ``sql``; its values travel as parameters.
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(model_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)}", params)
        return tuple(cursor.fetchone())


def fingerprint() -> tuple[Any, ...]:
    """The rows a refused write could have added, removed or changed."""
    counts = row_counts()
    postings = JobPosting.objects.order_by("pk").values_list(
        "pk", "status", "title", "city", "updated_at"
    )
    applications = Application.objects.order_by("pk").values_list("pk", "status", "updated_at")
    users = User.objects.order_by("pk").values_list("pk", "name", "password", "is_active")
    return counts, tuple(postings), tuple(applications), tuple(users)


def is_refusal(response: HttpResponseBase) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    sign_in = {reverse("account_login"), reverse("admin:login")}
    return (
        response.status_code in SUCCESS_REDIRECTS and urlparse(response["Location"]).path in sign_in
    )


def is_success(response: HttpResponseBase) -> bool:
    return 200 <= response.status_code < 400 and not is_refusal(response)


def send(client: Client, url: str, call: Call, world: World) -> HttpResponseBase:
    data = call.data(world)
    options: dict[str, Any] = {"headers": call.headers}
    method = getattr(client, call.method.lower())
    if call.method == "GET":
        return method(url, call.query, **options)
    if call.api:
        options["content_type"] = "application/json"
    return method(url, data, **options)


def leaks(response: HttpResponseBase, role: str, reveals: frozenset[str]) -> list[str]:
    """The private words in a response that ``role`` may not see."""
    if not isinstance(response, HttpResponse) or not is_success(response):
        return []
    body = response.content.decode(errors="replace")
    return sorted(
        marker
        for marker, roles in VISIBLE_TO.items()
        if role not in roles and marker not in reveals and marker in body
    )


def attempt(
    role: str, session: SimpleCookie, url: str, call: Call, world: World, before: object
) -> list[str]:
    """Send ``call`` as ``role`` and roll its writes back; return what went against the policy.

    ``before`` is the database's fingerprint before the request, or None for a read.
    """
    problems = []
    with transaction.atomic():
        client = Client()
        # Only the role's session: no messages or CSRF cookie carried over from another request.
        client.cookies = SimpleCookie(session)
        try:
            response = send(client, url, call, world)
        except Exception as error:
            # A crash is a problem of its own; the other routes still get checked.
            transaction.set_rollback(True)
            trace = "".join(traceback.format_exception(error)[-4:])
            return [f"{role}: {call.method} {url} raised\n{trace}"]
        expected = "success" if role in call.allowed else "refusal"
        if role in call.turned_away:
            expected = "turned away"
        answer = f"{role}: {call.method} {url} answered {response.status_code}"
        if expected == "success" and not call.refusals_only and not is_success(response):
            problems.append(f"{answer}, expected success")
        if expected == "refusal" and not is_refusal(response):
            problems.append(f"{answer}, expected a refusal")
        if expected == "turned away" and (
            is_refusal(response) or response.status_code not in SUCCESS_REDIRECTS
        ):
            problems.append(f"{answer}, expected a redirect that explains")
        if expected != "success" and before is not None and fingerprint() != before:
            problems.append(f"{answer} and changed the database")
        if found := leaks(response, role, call.reveals if role in call.allowed else NOBODY):
            problems.append(f"{answer} showing rows it may not see: {found}")
        transaction.set_rollback(True)
    return problems


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_route_answers_each_role_as_the_policy_says(users, world):
    """Allowed roles succeed; other roles are refused, change nothing and see no foreign row.

    One world serves every route (each request is rolled back), which keeps the whole matrix
    to seconds; the message names every route, method and role that went wrong.
    """
    sessions = {role: signed_in(user).cookies for role, user in users.items()}
    problems = []
    for name, calls in POLICY.items():
        for call in calls:
            url = reverse(name, kwargs=call.kwargs(world))
            with transaction.atomic():
                if call.setup is not None:
                    call.setup(world)
                before = fingerprint() if call.method != "GET" else None
                for role, session in sessions.items():
                    problems += attempt(role, session, url, call, world, before)
                transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


WRITES = ("POST", "PUT", "PATCH", "DELETE")


def test_api_routes_take_no_write_the_policy_does_not_list(users, world):
    """A write method the table gives an API route no line for succeeds for no role.

    So a viewset that gains an update or destroy route fails here until the table decides
    who may use it.
    """
    sessions = {role: signed_in(user).cookies for role, user in users.items()}
    problems = []
    for name, calls in POLICY.items():
        if not calls[0].api:
            continue
        url = reverse(name, kwargs=calls[0].kwargs(world))
        for method in set(WRITES) - {call.method for call in calls}:
            with transaction.atomic():
                before = fingerprint()
                for role, session in sessions.items():
                    client = Client()
                    client.cookies = SimpleCookie(session)
                    response = client.generic(method, url, "{}", "application/json")
                    if not (is_refusal(response) or response.status_code == 405):
                        problems.append(f"{role}: {method} {url} answered {response.status_code}")
                if fingerprint() != before:
                    problems.append(f"{method} {url} changed the database")
                transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def test_admin_is_for_staff_only(users):
    """Every admin page without arguments sends non-staff to the admin's sign-in; staff get in."""
    problems = []
    for name in admin_routes():
        if name in ADMIN_PUBLIC:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        # Recruiters are no different from candidates here: neither is staff.
        for role in (ANONYMOUS, CANDIDATE):
            response = signed_in(users[role]).get(url)
            if not is_refusal(response):
                problems.append(f"{role}: GET {url} answered {response.status_code}")
    assert signed_in(users[STAFF]).get(reverse("admin:index")).status_code == 200
    assert not problems, "\n".join(problems)
