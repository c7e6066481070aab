"""Who may use each route: the one table the route x role matrix (test_route_policy) enforces.

Every URL pattern of the site is listed here under its name, with the requests the matrix
sends and the roles that may succeed. Every other role must be refused: 401, 403, 404 or a
redirect to sign-in, with nothing changed in the database. The admin is one prefix policy:
only staff get past its sign-in.

Roles: ``anonymous``; ``candidate``; ``owner``, a recruiter of company A, whose postings the
requests name; ``other``, a recruiter of company B; ``staff``. In the gig marketplace the
owner is the client of the gigs the requests name, the candidate a freelancer with a profile
and a proposal on the owner's open gig, and the other recruiter the client of another gig.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from careers.models import CareerPath, CareerStep, ChecklistItem
from gigs.models import (
    Contract,
    FreelancerProfile,
    Gig,
    HourLog,
    Milestone,
    Offer,
    PayoutMethod,
    PortfolioItem,
    Proposal,
    Review,
)
from gigs.services import contracts
from jobs.models import Application, Company, JobPosting, SavedSearch
from messaging.models import Message, Thread
from salaries.services import benchmarks_refresh
from tests.accounts.factories import PASSWORD
from tests.salaries.factories import salaried

ANONYMOUS = "anonymous"
CANDIDATE = "candidate"
OWNER = "owner"
OTHER = "other"
STAFF = "staff"
ROLES = (ANONYMOUS, CANDIDATE, OWNER, OTHER, STAFF)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
RECRUITERS = frozenset({OWNER, OTHER})
MANAGERS = frozenset({OWNER, STAFF})
# Only a company's recruiters write its postings, on the site and the API; staff moderate.
WRITERS = frozenset({OWNER})
NOBODY: frozenset[str] = frozenset()

# The admin: every route under this prefix is for staff only, but for its own sign-in pages.
ADMIN_PREFIX = "admin/"
ADMIN_PUBLIC = frozenset({"admin:login", "admin:logout"})


# Words written into private rows by the matrix (titles, slugs, cover notes, résumé names,
# names), and the roles that may see each: a page or API answer that shows one to any other
# role leaks a row. Public postings' words are not listed: anyone may read them.
SAVED_SEARCH = "zqsavedsearchzq"
VISIBLE_TO = {
    **{f"zqa{status}zq": MANAGERS for status in ("draft", "pending", "rejected", "archived")},
    "zqbdraftzq": frozenset({OTHER, STAFF}),
    "zqcaseyatownerzq": frozenset({CANDIDATE, OWNER, STAFF}),
    "zqcaseyatotherzq": frozenset({CANDIDATE, OTHER, STAFF}),
    "zqrivalatownerzq": MANAGERS,
    "zqrivalnamezq": MANAGERS,
    "zqcandidatenamezq": SIGNED_IN,
    SAVED_SEARCH: frozenset({CANDIDATE}),
    "zqrivalsearchzq": NOBODY,
    "zqgigdraftzq": MANAGERS,
    "zqgighiddenzq": MANAGERS,
    "zqproposalzq": frozenset({CANDIDATE, OWNER, STAFF}),
    "zqpayoutzq": frozenset({CANDIDATE}),
    "zqmilestonezq": frozenset({CANDIDATE, OWNER, STAFF}),
    "zqhourszq": frozenset({CANDIDATE, OWNER, STAFF}),
    # The candidate's review of the owner, still blind: for its author alone.
    "zqblindreviewzq": frozenset({CANDIDATE}),
    "zqhiddenpathzq": NOBODY,
    "zqofferdraftzq": frozenset({CANDIDATE, STAFF}),
    "zqofferhiddenzq": frozenset({CANDIDATE, STAFF}),
    # A message between the contract's two sides; staff read it only during a dispute.
    "zqmessagezq": frozenset({CANDIDATE, OWNER}),
    # A question about the candidate's offer from the other recruiter: offers have no
    # disputes, so staff never read it.
    "zqofferquestionzq": frozenset({CANDIDATE, OTHER}),
}


@dataclass
class World:
    """The objects the requests name, made by the matrix test from the factories."""

    postings: dict[str, JobPosting]
    applications: dict[str, Application]
    companies: dict[str, Company]
    saved_search: SavedSearch
    unsubscribe_all_token: str
    path: CareerPath
    step: CareerStep
    checklist_item: ChecklistItem
    hidden_path: CareerPath
    hidden_step: CareerStep
    hidden_checklist_item: ChecklistItem
    candidate: User
    gigs: dict[str, Gig] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    profile: FreelancerProfile | None = None
    portfolio_item: PortfolioItem | None = None
    payout_method: PayoutMethod | None = None
    contract: Contract | None = None
    milestones: dict[str, Milestone] = field(default_factory=dict)
    thread: Thread | None = None
    message: Message | None = None
    mute_token: str = ""
    hourly: Contract | None = None
    hour_logs: dict[str, HourLog] = field(default_factory=dict)
    gig_feed_token: str = ""
    gig_digest_stop_token: str = ""
    reviews: dict[str, Review] = field(default_factory=dict)
    offers: dict[str, Offer] = field(default_factory=dict)
    offer_thread: Thread | None = None


Values = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Call:
    """One request of the matrix and the roles for whom it must succeed."""

    method: str
    allowed: frozenset[str]
    kwargs: Values = _none
    data: Values = _none
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # Roles refused politely: a redirect to a page that explains, and nothing changes.
    turned_away: frozenset[str] = NOBODY
    # Only the refusals are checked (the success side needs a body the matrix does not send).
    refusals_only: bool = False
    api: bool = False
    # Words of private rows this request shows to every role it lets in (see VISIBLE_TO).
    reveals: frozenset[str] = NOBODY
    # Rows the request needs beyond the world's, made before the first role's request.
    setup: Callable[[World], Any] | None = None


def posting(key: str) -> Values:
    return lambda world: {"slug": world.postings[key].slug}


def application(key: str) -> Values:
    return lambda world: {"pk": world.applications[key].pk}


def unsubscribe(world: World) -> dict[str, Any]:
    return {"token": world.saved_search.unsubscribe_token}


def step(world: World) -> dict[str, Any]:
    return {"path_slug": world.path.slug, "slug": world.step.slug}


def hidden_step(world: World) -> dict[str, Any]:
    return {"path_slug": world.hidden_path.slug, "slug": world.hidden_step.slug}


def hidden_item(world: World) -> dict[str, Any]:
    return {"pk": world.hidden_checklist_item.pk}


def benchmarks(world: World) -> None:
    """Publish the all-dimensions cell: five salaried postings, refreshed."""
    for pounds in range(50_000, 60_000, 2_000):
        salaried(pounds * 100)
    benchmarks_refresh()


def new_posting(world: World) -> dict[str, Any]:
    return {
        "company": world.companies["owner"].slug,
        "title": "Product Manager, Matrix",
        "description": "Own the roadmap.",
        "country": "GB",
        "city": "London",
        "salary_min": 7_000_000,
        "salary_max": 9_000_000,
        "salary_currency": "GBP",
        "salary_period": "year",
    }


LOGO = "company-logos/matrix-logo.png"
# The smallest valid PNG: one transparent pixel.
ONE_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def uploaded_logo(world: World) -> None:
    """Put a company logo under MEDIA_ROOT, where the public media route serves it."""
    default_storage.delete(LOGO)
    default_storage.save(LOGO, ContentFile(ONE_PIXEL_PNG))


PORTFOLIO_IMAGE = "0123456789abcdef0123456789abcdef.png"


def uploaded_portfolio_image(world: World) -> None:
    """Put a portfolio image under MEDIA_ROOT, where its public route serves it."""
    name = f"portfolio/{PORTFOLIO_IMAGE}"
    default_storage.delete(name)
    default_storage.save(name, ContentFile(ONE_PIXEL_PNG))


def resume_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def gig(key: str) -> Values:
    return lambda world: {"slug": world.gigs[key].slug}


def gig_action(key: str, action: str) -> Values:
    return lambda world: {"slug": world.gigs[key].slug, "action": action}


def proposal(key: str) -> Values:
    return lambda world: {"pk": world.proposals[key].pk}


def proposal_action(key: str, action: str) -> Values:
    return lambda world: {"pk": world.proposals[key].pk, "action": action}


def contract(world: World) -> dict[str, Any]:
    assert world.contract is not None
    return {"pk": world.contract.pk}


def milestone(key: str) -> Values:
    return lambda world: {"pk": world.milestones[key].pk}


def milestone_action(key: str, action: str) -> Values:
    def values(world: World) -> dict[str, Any]:
        assert world.contract is not None
        return {"pk": world.contract.pk, "milestone_pk": world.milestones[key].pk, "action": action}

    return values


def thread(world: World) -> dict[str, Any]:
    assert world.thread is not None
    return {"pk": world.thread.pk}


def offer_thread(world: World) -> dict[str, Any]:
    assert world.offer_thread is not None
    return {"pk": world.offer_thread.pk}


def attachment(world: World) -> dict[str, Any]:
    assert world.thread is not None and world.message is not None
    return {"pk": world.thread.pk, "message_pk": world.message.pk}


def start(kind: str, subject: Callable[[World], Any]) -> Values:
    return lambda world: {"kind": kind, "pk": subject(world).pk}


def disputed(world: World) -> None:
    """Put the funded milestone in dispute: staff may then read the contract's thread."""
    assert world.contract is not None
    contracts.milestone_dispute(milestone=world.milestones["funded"], user=world.contract.client)


MESSAGE = frozenset({"zqmessagezq"})
SIDES = frozenset({CANDIDATE, OWNER})
OFFER_QUESTION = frozenset({"zqofferquestionzq"})
# The offer thread's two people: the one who asked and the candidate, who sells the offer.
ASKER_AND_SELLER = frozenset({CANDIDATE, OTHER})


def hourly(world: World) -> dict[str, Any]:
    assert world.hourly is not None
    return {"pk": world.hourly.pk}


def hour_log(key: str) -> Values:
    return lambda world: {"pk": world.hour_logs[key].pk}


def hour_log_action(key: str, action: str) -> Values:
    def values(world: World) -> dict[str, Any]:
        assert world.hourly is not None
        return {"pk": world.hourly.pk, "log_pk": world.hour_logs[key].pk, "action": action}

    return values


def review_reply(key: str) -> Values:
    def values(world: World) -> dict[str, Any]:
        assert world.contract is not None
        return {"pk": world.contract.pk, "review_pk": world.reviews[key].pk}

    return values


def corrected_week(world: World) -> dict[str, Any]:
    """The submitted week again, shorter: the freelancer corrects it."""
    log = world.hour_logs["submitted"]
    return {"week": log.week.isoformat(), "minutes": "0:45", "description": "Less"}


def review(key: str) -> Values:
    return lambda world: {"pk": world.reviews[key].pk}


def new_review(world: World) -> dict[str, Any]:
    assert world.contract is not None
    return {"contract": world.contract.pk, "rating": 5, "text": "Great work."}


def money_key(world: World) -> dict[str, Any]:
    return {"idempotency_key": "matrix-key"}


KEYED = {"Idempotency-Key": "matrix-key"}


def new_proposal(world: World) -> dict[str, Any]:
    return {
        "approach": "Interview, draft, review.",
        "experience": "Five years.",
        "price": "2500",
        "timeline": "3 weeks",
    }


def new_gig(world: World) -> dict[str, Any]:
    return {
        "title": "Write our PRD",
        "category": "requirements",
        "description": "A PRD.",
        "budget_type": "fixed",
        "budget_min": 200_000,
        "budget_max": 300_000,
        "currency": "GBP",
        "duration": "weeks",
    }


def new_payout(world: World) -> dict[str, Any]:
    method = world.payout_method
    return {"amount": 1000, "currency": "GBP", "method": method.pk if method else 0}


def offer(key: str) -> Values:
    return lambda world: {"slug": world.offers[key].slug}


def new_offer(world: World) -> dict[str, Any]:
    return {
        "title": "Review your PRD",
        "category": "requirements",
        "description": "A review.",
        "deliverables": "Notes",
        "price": 25_000,
        "currency": "GBP",
        "delivery_days": 3,
        "revisions": 1,
    }


# Everyone signed in but the candidate, who sells the matrix's offers.
BUYERS = SIGNED_IN - {CANDIDATE}


def get(allowed: frozenset[str], **options: Any) -> Call:
    return Call("GET", allowed, **options)


def post(allowed: frozenset[str], **options: Any) -> Call:
    return Call("POST", allowed, **options)


def api(method: str, allowed: frozenset[str], **options: Any) -> Call:
    return Call(method, allowed, api=True, **options)


POLICY: dict[str, tuple[Call, ...]] = {
    # Site pages.
    "home": (get(EVERYONE),),
    "healthz": (get(EVERYONE),),
    "robots_txt": (get(EVERYONE),),
    "favicon": (get(EVERYONE),),
    "sitemap": (get(EVERYONE),),
    "sitemap-section": (
        get(EVERYONE, kwargs=lambda w: {"section": "pages"}),
        get(EVERYONE, kwargs=lambda w: {"section": "postings"}),
        get(EVERYONE, kwargs=lambda w: {"section": "careers"}),
    ),
    # Job board.
    "jobs:list": (get(EVERYONE),),
    "jobs:feed_rss": (get(EVERYONE),),
    "jobs:feed_atom": (get(EVERYONE),),
    "jobs:follow_search": (get(EVERYONE, query={"q": "product"}),),
    "jobs:detail": (
        get(EVERYONE, kwargs=posting("published")),
        get(EVERYONE, kwargs=posting("expired")),
        get(EVERYONE, kwargs=posting("filled")),
        get(MANAGERS, kwargs=posting("draft")),
        get(MANAGERS, kwargs=posting("pending")),
        get(MANAGERS, kwargs=posting("rejected")),
        get(MANAGERS, kwargs=posting("archived")),
        get(frozenset({OTHER, STAFF}), kwargs=posting("other_draft")),
    ),
    "jobs:post": (get(RECRUITERS), post(RECRUITERS, refusals_only=True)),
    "jobs:preview": (post(SIGNED_IN, data=lambda w: {"description": "**Bold**"}),),
    "jobs:dashboard": (get(RECRUITERS | {STAFF}),),
    "jobs:company_create": (get(RECRUITERS), post(RECRUITERS, refusals_only=True)),
    "jobs:edit": (
        get(WRITERS, kwargs=posting("published")),
        get(WRITERS, kwargs=posting("draft")),
        post(WRITERS, kwargs=posting("draft"), refusals_only=True),
        post(WRITERS, kwargs=posting("published"), refusals_only=True),
    ),
    "jobs:report": (
        post(SIGNED_IN, kwargs=posting("published"), data=lambda w: {"reason": "spam"}),
        post(MANAGERS, kwargs=posting("draft"), data=lambda w: {"reason": "spam"}),
    ),
    "jobs:comment": (
        post(MANAGERS, kwargs=posting("published"), data=lambda w: {"body": "Ready?"}),
        post(MANAGERS, kwargs=posting("draft"), data=lambda w: {"body": "Ready?"}),
        post(
            frozenset({OTHER, STAFF}),
            kwargs=posting("other_published"),
            data=lambda w: {"body": "Ready?"},
        ),
    ),
    "jobs:apply": (
        get(frozenset({CANDIDATE, OTHER}), kwargs=posting("open"), turned_away=MANAGERS),
        post(
            frozenset({CANDIDATE, OTHER}),
            kwargs=posting("open"),
            data=lambda w: {"cover_note": "I would love to.", "resume": resume_upload()},
            turned_away=MANAGERS,
        ),
        get(NOBODY, kwargs=posting("draft"), turned_away=MANAGERS),
        post(
            NOBODY,
            kwargs=posting("draft"),
            data=lambda w: {"cover_note": "I would love to.", "resume": resume_upload()},
            turned_away=MANAGERS,
        ),
    ),
    "jobs:applicants": (
        get(MANAGERS, kwargs=posting("published")),
        get(frozenset({OTHER, STAFF}), kwargs=posting("other_published")),
    ),
    "jobs:action": (
        post(WRITERS, kwargs=lambda w: {"slug": w.postings["draft"].slug, "action": "submit"}),
        post(WRITERS, kwargs=lambda w: {"slug": w.postings["published"].slug, "action": "archive"}),
        post(WRITERS, kwargs=lambda w: {"slug": w.postings["published"].slug, "action": "fill"}),
        post(WRITERS, kwargs=lambda w: {"slug": w.postings["expired"].slug, "action": "repost"}),
    ),
    "jobs:saved_searches": (get(SIGNED_IN),),
    "jobs:saved_search_create": (
        post(SIGNED_IN, data=lambda w: {"name": "Remote roles", "query": "q=product"}),
    ),
    "jobs:saved_search_delete": (
        post(frozenset({CANDIDATE}), kwargs=lambda w: {"pk": w.saved_search.pk}),
    ),
    "jobs:saved_search_edit": (
        get(frozenset({CANDIDATE}), kwargs=lambda w: {"pk": w.saved_search.pk}),
        post(
            frozenset({CANDIDATE}),
            kwargs=lambda w: {"pk": w.saved_search.pk},
            data=lambda w: {"alert-name": "Remote", "alert-frequency": "weekly", "q": "remote"},
        ),
    ),
    # The token in the e-mailed link is the credential, so no session is needed.
    "jobs:saved_search_unsubscribe": (
        get(EVERYONE, kwargs=unsubscribe, reveals=frozenset({SAVED_SEARCH})),
        post(EVERYONE, kwargs=unsubscribe, reveals=frozenset({SAVED_SEARCH})),
    ),
    "jobs:saved_search_unsubscribe_all": (
        get(EVERYONE, kwargs=lambda w: {"token": w.unsubscribe_all_token}),
        post(EVERYONE, kwargs=lambda w: {"token": w.unsubscribe_all_token}),
    ),
    "jobs:my_applications": (get(SIGNED_IN),),
    "jobs:resume": (
        get(frozenset({CANDIDATE, OWNER, STAFF}), kwargs=application("candidate_to_owner")),
        get(frozenset({CANDIDATE, OTHER, STAFF}), kwargs=application("candidate_to_other")),
        get(MANAGERS, kwargs=application("rival_to_owner")),
    ),
    "jobs:application_move": (
        post(
            MANAGERS,
            kwargs=application("candidate_to_owner"),
            data=lambda w: {"status": "reviewed"},
        ),
        post(
            frozenset({OTHER, STAFF}),
            kwargs=application("candidate_to_other"),
            data=lambda w: {"status": "reviewed"},
        ),
    ),
    # Contract gigs.
    "gigs:list": (get(EVERYONE),),
    "gigs:post": (get(SIGNED_IN), post(SIGNED_IN, refusals_only=True)),
    "gigs:mine": (get(SIGNED_IN),),
    # Gigs for the freelancer's skills: everyone signed in sees the page (without a profile,
    # the way to make one); its switches need a profile, and the others are told so.
    "gigs:for_you": (get(SIGNED_IN),),
    "gigs:for_you_feed_rotate": (
        post(frozenset({CANDIDATE}), turned_away=SIGNED_IN - {CANDIDATE}),
    ),
    "gigs:for_you_digest": (
        post(
            frozenset({CANDIDATE}),
            data=lambda w: {"digest": "on"},
            turned_away=SIGNED_IN - {CANDIDATE},
        ),
    ),
    # The signed token in the e-mailed link is the credential, as for job alerts.
    "gigs:for_you_digest_stop": (
        get(EVERYONE, kwargs=lambda w: {"token": w.gig_digest_stop_token}),
        post(EVERYONE, kwargs=lambda w: {"token": w.gig_digest_stop_token}),
    ),
    # The token in the link is the credential; the feed shows listed gigs alone.
    "gigs:for_you_rss": (get(EVERYONE, kwargs=lambda w: {"token": w.gig_feed_token}),),
    "gigs:for_you_atom": (get(EVERYONE, kwargs=lambda w: {"token": w.gig_feed_token}),),
    "gigs:detail": (
        get(EVERYONE, kwargs=gig("open")),
        get(MANAGERS, kwargs=gig("draft")),
        get(MANAGERS, kwargs=gig("hidden")),
    ),
    "gigs:edit": (
        get(WRITERS, kwargs=gig("open")),
        get(WRITERS, kwargs=gig("draft")),
        post(WRITERS, kwargs=gig("draft"), refusals_only=True),
    ),
    "gigs:propose": (
        # Anyone signed in but the gig's client; only open, visible gigs take proposals.
        post(frozenset({CANDIDATE, OWNER, STAFF}), kwargs=gig("other_open"), data=new_proposal),
        post(NOBODY, kwargs=gig("draft"), data=new_proposal),
        post(NOBODY, kwargs=gig("hidden"), data=new_proposal),
    ),
    "gigs:proposals": (
        get(MANAGERS, kwargs=gig("open")),
        get(frozenset({OTHER, STAFF}), kwargs=gig("other_open")),
    ),
    "gigs:invite": (
        post(WRITERS, kwargs=gig("open"), data=lambda w: {"freelancer": w.profile.slug}),
    ),
    "gigs:action": (
        post(WRITERS, kwargs=gig_action("draft", "publish")),
        post(WRITERS, kwargs=gig_action("open", "close")),
        post(WRITERS, kwargs=gig_action("open", "cancel")),
    ),
    "gigs:proposal_edit": (
        get(frozenset({CANDIDATE}), kwargs=proposal("candidate_on_open")),
        post(frozenset({CANDIDATE}), kwargs=proposal("candidate_on_open"), refusals_only=True),
    ),
    "gigs:proposal_action": (
        post(WRITERS, kwargs=proposal_action("candidate_on_open", "accept")),
        post(frozenset({CANDIDATE}), kwargs=proposal_action("candidate_on_open", "withdraw")),
        post(WRITERS, kwargs=proposal_action("candidate_on_open", "shortlist")),
        post(
            WRITERS,
            kwargs=proposal_action("candidate_on_open", "decline"),
            data=lambda w: {"reason": "We chose someone else."},
        ),
    ),
    # Contracts: for their client (the owner), their freelancer (the candidate) and staff.
    "gigs:contracts": (get(SIGNED_IN),),
    "gigs:contract": (get(frozenset({CANDIDATE, OWNER, STAFF}), kwargs=contract),),
    "gigs:milestone_add": (
        post(
            frozenset({CANDIDATE, OWNER}),
            kwargs=contract,
            data=lambda w: {"title": "Extra work", "amount": "300"},
        ),
    ),
    # The world's contract is active, so its sides are refused a review (a 400) too.
    "gigs:review_submit": (
        post(
            frozenset({CANDIDATE, OWNER}),
            kwargs=contract,
            data=lambda w: {"rating": "5", "text": "Great work."},
            refusals_only=True,
        ),
    ),
    "gigs:review_reply": (
        post(
            frozenset({CANDIDATE}),
            kwargs=review_reply("of_candidate"),
            data=lambda w: {"reply": "Thanks"},
        ),
    ),
    "gigs:milestone_action": (
        post(WRITERS, kwargs=milestone_action("agreed", "fund"), data=money_key),
        post(frozenset({CANDIDATE}), kwargs=milestone_action("unagreed", "agree")),
        post(frozenset({CANDIDATE}), kwargs=milestone_action("funded", "submit")),
        post(WRITERS, kwargs=milestone_action("submitted", "release"), data=money_key),
        post(frozenset({CANDIDATE, OWNER}), kwargs=milestone_action("funded", "dispute")),
        post(MANAGERS, kwargs=milestone_action("funded", "cancel"), data=money_key),
    ),
    "messaging:list": (get(SIGNED_IN),),
    "messaging:thread": (
        get(SIDES, kwargs=thread, reveals=MESSAGE),
        get(SIDES | {STAFF}, kwargs=thread, reveals=MESSAGE, setup=disputed),
        get(ASKER_AND_SELLER, kwargs=offer_thread, reveals=OFFER_QUESTION),
    ),
    "messaging:poll": (get(SIDES, kwargs=thread, query={"after": "0"}, reveals=MESSAGE),),
    "messaging:send": (post(SIDES, kwargs=thread, data=lambda w: {"body": "Hello"}),),
    "messaging:mute_toggle": (post(SIDES, kwargs=thread, data=lambda w: {"muted": "1"}),),
    "messaging:attachment": (
        get(SIDES, kwargs=attachment),
        get(SIDES | {STAFF}, kwargs=attachment, setup=disputed),
    ),
    "messaging:start": (
        post(SIDES, kwargs=start("contract", lambda w: w.contract)),
        post(SIDES, kwargs=start("proposal", lambda w: w.proposals["candidate_on_open"])),
        post(SIDES, kwargs=start("application", lambda w: w.applications["candidate_to_owner"])),
        # Anyone signed in asks about a listed offer; its seller is sent back to the offer, also
        # when it is unlisted.
        post(
            BUYERS,
            kwargs=start("offer", lambda w: w.offers["published"]),
            turned_away=frozenset({CANDIDATE}),
        ),
        post(
            NOBODY,
            kwargs=start("offer", lambda w: w.offers["hidden"]),
            turned_away=frozenset({CANDIDATE}),
        ),
        post(
            NOBODY,
            kwargs=start("offer", lambda w: w.offers["draft"]),
            turned_away=frozenset({CANDIDATE}),
        ),
    ),
    "messaging:mute": (
        get(EVERYONE, kwargs=lambda w: {"token": w.mute_token}),
        post(EVERYONE, kwargs=lambda w: {"token": w.mute_token}),
    ),
    # Hourly contracts and ending a contract: the same sides; staff read, and settle disputes
    # in admin. The world's contracts have work waiting, so ending redirects with the reason
    # on the web and is a 400 in the API for the sides too.
    "gigs:contract_end": (
        get(frozenset({CANDIDATE, OWNER}), kwargs=contract),
        post(frozenset({CANDIDATE, OWNER}), kwargs=contract, data=money_key),
    ),
    "gigs:hourlog_submit": (post(frozenset({CANDIDATE}), kwargs=hourly, data=corrected_week),),
    "gigs:hourlog_action": (
        post(WRITERS, kwargs=hour_log_action("submitted", "approve"), data=money_key),
        post(
            WRITERS,
            kwargs=hour_log_action("submitted", "reject"),
            data=lambda w: {"reason": "We agreed on less."},
        ),
        post(frozenset({CANDIDATE}), kwargs=hour_log_action("rejected", "dispute")),
    ),
    "gigs:hourly_fund": (
        post(WRITERS, kwargs=hourly, data=lambda w: {"amount": "100", **money_key(w)}),
    ),
    "gigs:weekly_limit": (post(WRITERS, kwargs=hourly, data=lambda w: {"minutes": "20"}),),
    "gigs:fee_preview": (
        get(SIGNED_IN, kwargs=gig("open"), query={"price": "1200"}, headers={"HX-Request": "true"}),
        get(MANAGERS, kwargs=gig("draft"), query={"price": "1200"}),
        get(MANAGERS, kwargs=gig("hidden"), query={"price": "1200"}),
    ),
    # Fixed-price offers: the candidate sells them; the others may buy the published one.
    "offers:list": (get(EVERYONE),),
    "offers:create": (get(SIGNED_IN), post(SIGNED_IN, refusals_only=True)),
    "offers:mine": (get(SIGNED_IN),),
    "offers:detail": (
        get(EVERYONE, kwargs=offer("published")),
        get(frozenset({CANDIDATE, STAFF}), kwargs=offer("draft")),
        get(frozenset({CANDIDATE, STAFF}), kwargs=offer("hidden")),
    ),
    "offers:edit": (
        get(frozenset({CANDIDATE}), kwargs=offer("published")),
        post(frozenset({CANDIDATE}), kwargs=offer("draft"), refusals_only=True),
    ),
    "offers:buy": (
        get(BUYERS, kwargs=offer("published"), turned_away=frozenset({CANDIDATE})),
        post(
            BUYERS,
            kwargs=offer("published"),
            data=money_key,
            turned_away=frozenset({CANDIDATE}),
        ),
        get(NOBODY, kwargs=offer("draft")),
        post(NOBODY, kwargs=offer("hidden"), data=money_key),
    ),
    "offers:action": (
        post(
            frozenset({CANDIDATE}),
            kwargs=lambda w: {"slug": w.offers["published"].slug, "action": "pause"},
        ),  # fmt: skip
        post(
            frozenset({CANDIDATE}),
            kwargs=lambda w: {"slug": w.offers["draft"].slug, "action": "publish"},
        ),  # fmt: skip
    ),
    "freelancers:detail": (get(EVERYONE, kwargs=lambda w: {"slug": w.profile.slug}),),
    "freelancers:edit": (get(SIGNED_IN), post(SIGNED_IN, refusals_only=True)),
    "freelancers:portfolio_add": (
        post(SIGNED_IN, data=lambda w: {"title": "Pricing study", "link": "https://example.com"}),
    ),
    "freelancers:portfolio_delete": (
        post(frozenset({CANDIDATE}), kwargs=lambda w: {"pk": w.portfolio_item.pk}),
    ),
    "freelancers:payout_add": (
        post(SIGNED_IN, data=lambda w: {"kind": "paypal", "email": "me@example.com"}),
    ),
    "freelancers:payout_edit": (
        get(frozenset({CANDIDATE}), kwargs=lambda w: {"pk": w.payout_method.pk}),
        post(
            frozenset({CANDIDATE}),
            kwargs=lambda w: {"pk": w.payout_method.pk},
            data=lambda w: {
                "holder_name": "Casey Jones",
                "bank_country": "GB",
                "iban": "GB82 WEST 1234 5698 7654 32",
            },
        ),
    ),
    "freelancers:payout_delete": (
        post(frozenset({CANDIDATE}), kwargs=lambda w: {"pk": w.payout_method.pk}),
    ),
    # A person's own money: every signed-in user has a balance page, even an empty one.
    "balance:overview": (get(SIGNED_IN),),
    "balance:statement_csv": (get(SIGNED_IN),),
    # Nobody in the matrix has money to withdraw, so every signed-in POST is a form error.
    "balance:payout": (post(SIGNED_IN, refusals_only=True, data=new_payout),),
    # The balance pages' old addresses redirect anyone; the new ones decide who may see them.
    "balance_moved": (get(EVERYONE),),
    "balance_moved_page": (
        get(EVERYONE, kwargs=lambda w: {"rest": "statement.csv"}),
        post(EVERYONE, kwargs=lambda w: {"rest": "payout/"}, data=new_payout),
    ),
    # Salaries.
    "salaries:benchmarks": (get(EVERYONE),),
    "salaries:calculator": (get(EVERYONE),),
    "salaries:insights": (get(EVERYONE),),
    "salaries:freelance_rates": (get(EVERYONE),),
    "salaries:posting_position": (
        get(EVERYONE, kwargs=posting("published"), headers={"HX-Request": "true"}),
        get(MANAGERS, kwargs=posting("draft"), headers={"HX-Request": "true"}),
    ),
    # Careers.
    "careers:index": (get(EVERYONE),),
    "careers:certifications": (get(EVERYONE),),
    "careers:resources": (get(EVERYONE),),
    "careers:faq": (get(EVERYONE),),
    "careers:skill_gap": (get(EVERYONE),),
    "careers:progress": (get(SIGNED_IN),),
    "careers:checklist_progress": (
        post(
            SIGNED_IN,
            kwargs=lambda w: {"pk": w.checklist_item.pk},
            data=lambda w: {"status": "done"},
        ),
        # An unpublished path's checklist is no one's to see or tick, with htmx or without.
        post(NOBODY, kwargs=hidden_item, data=lambda w: {"status": "done"}),
        post(
            NOBODY,
            kwargs=hidden_item,
            data=lambda w: {"status": "done"},
            headers={"HX-Request": "true"},
        ),
    ),
    "careers:path": (
        get(EVERYONE, kwargs=lambda w: {"slug": w.path.slug}),
        get(NOBODY, kwargs=lambda w: {"slug": w.hidden_path.slug}),
    ),
    "careers:step": (get(EVERYONE, kwargs=step), get(NOBODY, kwargs=hidden_step)),
    "careers:step_progress": (
        post(SIGNED_IN, kwargs=step, data=lambda w: {"status": "in_progress"}),
        post(NOBODY, kwargs=hidden_step, data=lambda w: {"status": "in_progress"}),
    ),
    # Accounts (allauth's pages answer signed-in users with a redirect to their landing page).
    "accounts:profile": (get(SIGNED_IN), post(SIGNED_IN, refusals_only=True)),
    # Only candidates ask to become a recruiter; recruiters and staff post already.
    "accounts:recruiter_request": (
        get(frozenset({CANDIDATE})),
        post(
            frozenset({CANDIDATE}),
            data=lambda w: {"company": w.companies["other"].slug, "work_email": "c@work.example"},
        ),
    ),
    # Each role's landing page; recruiters are sent on to their dashboard.
    "accounts:home": (get(SIGNED_IN),),
    "account_login": (get(EVERYONE),),
    "account_logout": (get(EVERYONE),),
    "account_inactive": (get(EVERYONE),),
    "account_signup": (get(EVERYONE),),
    "account_reauthenticate": (get(SIGNED_IN),),
    "account_email": (get(SIGNED_IN),),
    "account_email_verification_sent": (get(EVERYONE),),
    "account_change_password": (get(SIGNED_IN),),
    "account_set_password": (get(SIGNED_IN),),
    "account_reset_password": (get(EVERYONE),),
    # Without a sign-in by code under way, the anonymous are sent to sign in.
    "account_confirm_login_code": (get(SIGNED_IN),),
    "account_confirm_email": (get(EVERYONE, kwargs=lambda w: {"key": "no-such-key"}),),
    "account_reset_password_from_key_done": (get(EVERYONE),),
    "account_reset_password_from_key": (
        get(EVERYONE, kwargs=lambda w: {"uidb36": "1", "key": "no-such-key"}),
    ),
    "account_reset_password_done": (get(EVERYONE),),
    # API.
    "api-token": (
        api(
            "POST",
            EVERYONE,
            data=lambda w: {"email": w.candidate.email, "password": PASSWORD},
        ),
        api("DELETE", SIGNED_IN),
    ),
    "api-me": (
        api("GET", SIGNED_IN),
        api("PATCH", SIGNED_IN, data=lambda w: {"name": "Renamed"}),
    ),
    "api-jobs-list": (
        api("GET", EVERYONE),
        api("GET", SIGNED_IN, query={"mine": "true"}),
        api("POST", WRITERS, data=new_posting),
    ),
    "api-jobs-detail": (
        api("GET", EVERYONE, kwargs=posting("published")),
        api("GET", MANAGERS, kwargs=posting("draft")),
        api("GET", frozenset({OTHER, STAFF}), kwargs=posting("other_draft")),
        api("PATCH", frozenset({OWNER}), kwargs=posting("draft"), data=lambda w: {"city": "Leeds"}),
        api(
            "PATCH",
            frozenset({OTHER}),
            kwargs=posting("other_draft"),
            data=lambda w: {"city": "Leeds"},
        ),
    ),
    "api-jobs-applications": (api("GET", frozenset({OWNER}), kwargs=posting("published")),),
    "api-jobs-close": (
        api("POST", frozenset({OWNER}), kwargs=posting("published"), data=lambda w: {"filled": 1}),
    ),
    "api-jobs-repost": (api("POST", frozenset({OWNER}), kwargs=posting("expired")),),
    "api-jobs-submit": (api("POST", frozenset({OWNER}), kwargs=posting("draft")),),
    "api-companies-list": (api("GET", EVERYONE),),
    "api-companies-detail": (
        api("GET", EVERYONE, kwargs=lambda w: {"slug": w.companies["owner"].slug}),
    ),
    "api-ingest": (
        api(
            "POST",
            frozenset({STAFF}),
            data=lambda w: {"source": "matrix", "format": "jsonl", "data": "\n"},
        ),
    ),
    "api-gigs-list": (
        api("GET", EVERYONE),
        api("POST", SIGNED_IN, data=lambda w: new_gig(w) | {"skills": []}),
    ),
    "api-gigs-for-you": (api("GET", SIGNED_IN),),
    "api-gigs-detail": (
        api("GET", EVERYONE, kwargs=gig("open")),
        api("GET", MANAGERS, kwargs=gig("draft")),
        api("GET", MANAGERS, kwargs=gig("hidden")),
        api("PATCH", WRITERS, kwargs=gig("draft"), data=lambda w: {"title": "Renamed gig"}),
    ),
    "api-gigs-proposals": (
        api("GET", MANAGERS, kwargs=gig("open")),
        api(
            "POST",
            frozenset({CANDIDATE, OWNER, STAFF}),
            kwargs=gig("other_open"),
            data=lambda w: new_proposal(w) | {"price": 250_000},
        ),
    ),
    "api-offers-list": (
        api("GET", EVERYONE),
        # Only a freelancer with a profile offers a service.
        api("POST", frozenset({CANDIDATE}), data=new_offer),
    ),
    "api-offers-detail": (
        api("GET", EVERYONE, kwargs=offer("published")),
        api("GET", frozenset({CANDIDATE, STAFF}), kwargs=offer("draft")),
        api("GET", frozenset({CANDIDATE, STAFF}), kwargs=offer("hidden")),
        api("PATCH", frozenset({CANDIDATE}), kwargs=offer("draft"), data=lambda w: {"price": 1}),
    ),
    "api-offers-buy": (
        api("POST", BUYERS, kwargs=offer("published"), headers=KEYED),
        api("POST", NOBODY, kwargs=offer("draft"), headers=KEYED),
    ),
    "api-proposals-detail": (
        api("GET", frozenset({CANDIDATE, OWNER, STAFF}), kwargs=proposal("candidate_on_open")),
        api(
            "PATCH",
            frozenset({CANDIDATE}),
            kwargs=proposal("candidate_on_open"),
            data=lambda w: {"timeline": "2 weeks"},
        ),
    ),
    "api-proposals-withdraw": (
        api("POST", frozenset({CANDIDATE}), kwargs=proposal("candidate_on_open")),
    ),
    "api-proposals-shortlist": (api("POST", WRITERS, kwargs=proposal("candidate_on_open")),),
    "api-proposals-decline": (
        api("POST", WRITERS, kwargs=proposal("candidate_on_open"), data=lambda w: {"reason": ""}),
    ),
    "api-contracts-list": (api("GET", SIGNED_IN),),
    "api-contracts-detail": (api("GET", frozenset({CANDIDATE, OWNER, STAFF}), kwargs=contract),),
    "api-milestones-fund": (api("POST", WRITERS, kwargs=milestone("agreed"), headers=KEYED),),
    "api-milestones-submit": (api("POST", frozenset({CANDIDATE}), kwargs=milestone("funded")),),
    "api-milestones-release": (api("POST", WRITERS, kwargs=milestone("submitted"), headers=KEYED),),
    "api-milestones-dispute": (
        api("POST", frozenset({CANDIDATE, OWNER}), kwargs=milestone("funded")),
    ),
    "api-milestones-cancel": (api("POST", MANAGERS, kwargs=milestone("funded"), headers=KEYED),),
    "api-threads-list": (api("GET", SIGNED_IN),),
    "api-thread-messages": (
        api("GET", SIDES, kwargs=thread, reveals=MESSAGE),
        api("GET", SIDES | {STAFF}, kwargs=thread, reveals=MESSAGE, setup=disputed),
        api("POST", SIDES, kwargs=thread, data=lambda w: {"body": "Hello"}),
        api("GET", ASKER_AND_SELLER, kwargs=offer_thread, reveals=OFFER_QUESTION),
        api("POST", ASKER_AND_SELLER, kwargs=offer_thread, data=lambda w: {"body": "Hello"}),
    ),
    "api-contracts-hours": (
        api("GET", frozenset({CANDIDATE, OWNER, STAFF}), kwargs=hourly),
        api(
            "POST",
            frozenset({CANDIDATE}),
            kwargs=hourly,
            data=lambda w: {
                "week": w.hour_logs["submitted"].week.isoformat(),
                "minutes": 45,
                "description": "Less",
            },
        ),
    ),
    "api-contracts-fund": (
        api("POST", WRITERS, kwargs=hourly, headers=KEYED, data=lambda w: {"amount": 10_000}),
    ),
    "api-contracts-weekly-limit": (
        api("POST", WRITERS, kwargs=hourly, data=lambda w: {"minutes": 600}),
    ),
    "api-contracts-end": (
        api(
            "POST",
            frozenset({CANDIDATE, OWNER}),
            kwargs=contract,
            headers=KEYED,
            refusals_only=True,
        ),
    ),
    "api-hour-logs-approve": (api("POST", WRITERS, kwargs=hour_log("submitted"), headers=KEYED),),
    "api-hour-logs-reject": (
        api("POST", WRITERS, kwargs=hour_log("submitted"), data=lambda w: {"reason": "No"}),
    ),
    "api-hour-logs-dispute": (api("POST", frozenset({CANDIDATE}), kwargs=hour_log("rejected")),),
    "api-reviews-list": (
        api("GET", EVERYONE, query={"freelancer": "casey"}),
        api("POST", frozenset({CANDIDATE, OWNER}), data=new_review, refusals_only=True),
    ),
    "api-reviews-reply": (
        api(
            "POST",
            frozenset({CANDIDATE}),
            kwargs=review("of_candidate"),
            data=lambda w: {"reply": "Thanks"},
        ),
    ),
    "api-balance": (api("GET", SIGNED_IN),),
    "api-balance-entries": (api("GET", SIGNED_IN),),
    "api-balance-payouts": (
        api(
            "POST",
            SIGNED_IN,
            refusals_only=True,
            data=new_payout,
            headers={"Idempotency-Key": "matrix-payout"},
        ),
    ),
    "api-salary-benchmarks": (api("GET", EVERYONE, setup=benchmarks),),
    "api-freelance-rates": (api("GET", EVERYONE, query={"group_by": "category"}),),
    "api-skill-gap": (api("POST", EVERYONE, data=lambda w: {"skills": ["sql"]}),),
    "api-career-paths-list": (api("GET", EVERYONE),),
    "api-career-paths-detail": (
        api("GET", EVERYONE, kwargs=lambda w: {"slug": w.path.slug}),
        api("GET", NOBODY, kwargs=lambda w: {"slug": w.hidden_path.slug}),
    ),
    "api-certifications-list": (api("GET", EVERYONE),),
    "api-skills-list": (api("GET", EVERYONE),),
    "portfolio_image": (
        get(
            EVERYONE,
            kwargs=lambda w: {"name": PORTFOLIO_IMAGE},
            setup=uploaded_portfolio_image,
        ),
    ),
    "public_media": (get(EVERYONE, kwargs=lambda w: {"name": LOGO}, setup=uploaded_logo),),
    "api-schema": (get(EVERYONE),),
    "api-docs": (get(EVERYONE),),
}
