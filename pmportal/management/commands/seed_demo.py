"""Load the demo data set: users, companies and each app's demo content. Safe to re-run."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.defaultfilters import pluralize

from accounts.demo import DEMO_PASSWORD, seed_users
from careers.demo import seed_careers, seed_skills
from careers.services import skill_demand_refresh
from gigs.demo import (
    CLIENT_EMAIL,
    FREELANCER_EMAIL,
    seed_marketplace,
    seed_money,
    seed_rate_history,
)
from gigs.offer_demo import seed_offers
from jobs.demo import seed_applications, seed_companies, seed_postings
from messaging.demo import seed_messages
from salaries.demo import seed_fx_rates, seed_reference_figures
from salaries.services import benchmarks_refresh


class Command(BaseCommand):
    help = "Create the demo users and content once; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DATABASE_URL is set (demo accounts have a public password).",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.EMBEDDED and not allow_production:
            raise CommandError(
                "Refusing to create demo accounts with a public password on a production "
                "database. Pass --allow-production if this database is a demo."
            )
        with transaction.atomic():
            users = seed_users()
            skills = seed_skills()
            companies = seed_companies()
            postings = seed_postings(companies)
            applications = seed_applications()
            careers = seed_careers(users)
            market = seed_marketplace()
            money = seed_money()
            hires = seed_rate_history()
            offered = seed_offers()
            talk = seed_messages()
            skill_demand_refresh()
            figures = seed_reference_figures()
            rates = seed_fx_rates()
        # Its own transaction, after the postings are committed: refreshes take turns.
        refresh = benchmarks_refresh()
        self.stdout.write(
            f"Demo data ready: {len(users)} users, {len(skills)} skills, "
            f"{len(companies)} companies, {postings} postings, {applications} applications, "
            f"{careers.paths} career paths, "
            f"{careers.certifications} certifications, {careers.resources} resources."
        )
        self.stdout.write(
            f"Salary benchmarks: {refresh.published_cells} published cells of {refresh.cells}, "
            f"from {refresh.observations} postings; {len(figures)} reference figures, "
            f"{len(rates)} demo FX rates."
        )
        self.stdout.write(
            f"Contract gigs: {market.gigs} gigs by {CLIENT_EMAIL}, "
            f"{market.proposals} proposals by {FREELANCER_EMAIL}, "
            f"{market.contracts} contract{pluralize(market.contracts)} between them, "
            f"{market.reviews} reviews of the freelancer's contracts; "
            f"{money.transactions} more ledger transactions of demo earnings and payouts; "
            f"{hires} past hires behind the freelance rates; "
            f"{offered.offers} offers by {FREELANCER_EMAIL}, {offered.orders} bought by "
            f"{CLIENT_EMAIL}."
        )
        self.stdout.write(
            f"Messages: {talk.threads} conversations of {FREELANCER_EMAIL}, "
            f"{talk.messages} messages, on an application, a proposal, the contract and an offer."
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for user in users:
            role = "staff" if user.is_staff else user.get_role_display().lower()
            self.stdout.write(f"  {user.email:<26} {role}")
