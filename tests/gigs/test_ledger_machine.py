"""Random sequences of money moves against a model of what each balance must be.

After every step: each transaction sums to zero per currency, no held balance is negative,
and what came in equals what left plus everything still held, per currency. Besides
milestone-like subjects, hourly contracts' pools take top-ups and pay hour logs from what
the pool holds, each log once.
"""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from gigs.errors import AlreadySettled, InsufficientFunds
from gigs.models import AccountKind, LedgerEntry, LedgerTransaction
from gigs.models.ledger import NON_NEGATIVE_KINDS
from gigs.services import escrow, ledger
from salaries.models import FxRate
from tests.accounts.factories import UserFactory
from tests.strategies import BOUNDED

CURRENCIES = ("GBP", "USD")
HELD_KINDS = [k for k in AccountKind if k != AccountKind.EXTERNAL]
amounts = st.integers(min_value=1, max_value=300_000)
picks = st.integers(min_value=0, max_value=10_000)
fractions = st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal("1"), Decimal("1.5")])


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each run writes inside a savepoint that teardown rolls back: runs do not mix.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        FxRate.objects.create(
            base="GBP", quote="USD", rate=Decimal("1.25"), as_of=date(2026, 1, 1), source="test"
        )
        self.staff = UserFactory.create(is_staff=True)
        self.clients = UserFactory.create_batch(2)
        self.freelancers = UserFactory.create_batch(2)
        self.deposits: Counter[str] = Counter()
        self.client_funds: Counter[tuple[int, str]] = Counter()
        # subject -> [client, currency, held, settlement kinds done]
        self.subjects: dict[str, list] = {}
        self.requests: list[LedgerTransaction] = []
        self.paid: set[int] = set()
        # hourly pool prefix -> [client, currency, held]; hour-log subjects already paid
        self.pools: dict[str, list] = {}
        self.logs_paid: dict[str, str] = {}  # log subject -> its pool
        self.topups: dict[str, tuple] = {}  # top-up subject -> (client, currency)

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _subject(self, pick):
        """Mostly a subject escrow still holds money for; now and then any, to be refused."""
        names = sorted(self.subjects)
        open_names = [name for name in names if self.subjects[name][2] > 0]
        if open_names and pick % 4:
            return open_names[pick % len(open_names)]
        return names[pick % len(names)]

    @rule(who=picks, amount=amounts, currency=st.sampled_from(CURRENCIES))
    def deposit(self, who, amount, currency):
        client = self.clients[who % 2]
        ledger.deposit_record(
            actor=self.staff, client=client, amount=amount, currency=currency, reference="r"
        )
        self.deposits[currency] += amount
        self.client_funds[client.pk, currency] += amount

    @precondition(lambda self: self.deposits)
    @rule(fraction=fractions, currency=st.sampled_from(CURRENCIES))
    def fund(self, fraction, currency):
        # The richer client, so most attempts can succeed and a few overdraw.
        client = max(self.clients, key=lambda c: self.client_funds[c.pk, currency])
        subject = f"milestone:{len(self.subjects)}"
        amount = max(1, int(self.client_funds[client.pk, currency] * fraction))
        enough = self.client_funds[client.pk, currency] >= amount
        try:
            ledger.escrow_fund(
                actor=client, client=client, subject=subject, amount=amount, currency=currency
            )
        except InsufficientFunds:
            assert not enough
            return
        assert enough
        self.client_funds[client.pk, currency] -= amount
        self.subjects[subject] = [client, currency, amount, set()]

    @precondition(lambda self: self.subjects or self.topups)
    @rule(pick=picks)
    def fund_again(self, pick):
        """A subject is funded once: a second FUND is refused whatever the funds."""
        funded = {name: tuple(row[:2]) for name, row in self.subjects.items()} | self.topups
        subject = sorted(funded)[pick % len(funded)]
        client, currency = funded[subject]
        with pytest.raises(AlreadySettled):
            ledger.escrow_fund(
                actor=client, client=client, subject=subject, amount=1, currency=currency
            )

    @precondition(lambda self: self.deposits)
    @rule(pool=st.integers(0, 2), fraction=fractions, currency=st.sampled_from(CURRENCIES))
    def hourly_top_up(self, pool, fraction, currency):
        client = max(self.clients, key=lambda c: self.client_funds[c.pk, currency])
        prefix = f"hourly:{pool}{currency}:"
        if prefix in self.pools and self.pools[prefix][0] != client:
            return  # a contract has one client
        amount = max(1, int(self.client_funds[client.pk, currency] * fraction))
        enough = self.client_funds[client.pk, currency] >= amount
        top_ups = sum(1 for s in self.topups if s.startswith(prefix))
        subject = f"{prefix}topup:{top_ups}"
        try:
            ledger.escrow_fund(
                actor=client, client=client, subject=subject, amount=amount, currency=currency
            )
        except InsufficientFunds:
            assert not enough
            return
        assert enough
        self.client_funds[client.pk, currency] -= amount
        self.pools.setdefault(prefix, [client, currency, 0])[2] += amount
        self.topups[subject] = (client, currency)

    @precondition(lambda self: self.pools)
    @rule(pick=picks, who=picks, fraction=fractions, log=st.integers(0, 5))
    def hour_log_paid(self, pick, who, fraction, log):
        """Pay a log from its pool: refused over what the pool holds, or for a paid log."""
        prefix = sorted(self.pools)[pick % len(self.pools)]
        client, currency, held = self.pools[prefix]
        subject = f"{prefix}log:{log}"
        amount = max(1, int(held * fraction))
        try:
            escrow.escrow_release(
                actor=client,
                client=client,
                freelancer=self.freelancers[who % 2],
                subject=subject,
                amount=amount,
                currency=currency,
                pool=prefix,
            )
        except AlreadySettled:
            assert subject in self.logs_paid
            return
        except InsufficientFunds:
            assert subject not in self.logs_paid and amount > held
            return
        assert subject not in self.logs_paid and amount <= held
        self.logs_paid[subject] = prefix
        self.pools[prefix][2] -= amount

    def _settle(self, kind, subject, release, refund, call):
        client, currency, held, done = self.subjects[subject]
        try:
            call()
        except AlreadySettled:
            assert kind in done
            return
        except InsufficientFunds:
            assert kind not in done and release + refund > held
            return
        assert kind not in done and release + refund <= held
        done.add(kind)
        self.subjects[subject][2] -= release + refund
        self.client_funds[client.pk, currency] += refund

    @precondition(lambda self: self.subjects)
    @rule(pick=picks, who=picks, fraction=fractions)
    def release(self, pick, who, fraction):
        subject = self._subject(pick)
        client, currency, held, _ = self.subjects[subject]
        amount = max(1, int(held * fraction))
        kwargs = {"client": client, "subject": subject, "amount": amount, "currency": currency}
        freelancer = self.freelancers[who % 2]
        self._settle(
            "release",
            subject,
            amount,
            0,
            lambda: escrow.escrow_release(actor=client, freelancer=freelancer, **kwargs),
        )

    @precondition(lambda self: self.subjects)
    @rule(pick=picks, fraction=fractions)
    def refund(self, pick, fraction):
        subject = self._subject(pick)
        client, currency, held, _ = self.subjects[subject]
        amount = max(1, int(held * fraction))
        kwargs = {"client": client, "subject": subject, "amount": amount, "currency": currency}
        self._settle(
            "refund", subject, 0, amount, lambda: escrow.escrow_refund(actor=client, **kwargs)
        )

    @precondition(lambda self: self.subjects)
    @rule(pick=picks, who=picks, fraction=fractions, split=st.integers(0, 100))
    def resolve(self, pick, who, fraction, split):
        subject = self._subject(pick)
        client, currency, held, _ = self.subjects[subject]
        total = max(1, int(held * fraction))
        release = total * split // 100
        kwargs = {
            "actor": self.staff,
            "client": client,
            "freelancer": self.freelancers[who % 2],
            "subject": subject,
            "currency": currency,
            "release_amount": release,
            "refund_amount": total - release,
        }
        self._settle(
            "resolution",
            subject,
            release,
            total - release,
            lambda: escrow.dispute_resolve(**kwargs),
        )

    @precondition(lambda self: any(done for *_, done in self.subjects.values()))
    @rule(currency=st.sampled_from(CURRENCIES), fraction=fractions)
    def payout_request(self, currency, fraction):
        freelancer = max(
            self.freelancers, key=lambda f: self.balance(f, AccountKind.AVAILABLE, currency)
        )
        available = self.balance(freelancer, AccountKind.AVAILABLE, currency)
        amount = max(1, int(available * fraction))
        try:
            posted = ledger.payout_request(
                actor=freelancer, freelancer=freelancer, amount=amount, currency=currency
            )
        except InsufficientFunds:
            assert amount > available
            return
        assert amount <= available
        self.requests.append(posted)

    @precondition(lambda self: self.requests)
    @rule(pick=picks)
    def payout_paid(self, pick):
        request = self.requests[pick % len(self.requests)]
        try:
            ledger.payout_paid(actor=self.staff, request=request)
        except AlreadySettled:
            assert request.pk in self.paid
            return
        assert request.pk not in self.paid
        self.paid.add(request.pk)

    def balance(self, owner, kind, currency):
        total = LedgerEntry.objects.filter(
            account__owner=owner, account__kind=kind, account__currency=currency
        ).aggregate(total=Sum("amount"))["total"]
        return total or 0

    @invariant()
    def every_transaction_balances(self):
        sums = LedgerEntry.objects.values("transaction", "currency").annotate(t=Sum("amount"))
        assert all(row["t"] == 0 for row in sums)

    @invariant()
    def nothing_held_is_negative(self):
        rows = (
            LedgerEntry.objects.filter(account__kind__in=NON_NEGATIVE_KINDS)
            .values("account")
            .annotate(t=Sum("amount"))
        )
        assert all(row["t"] >= 0 for row in rows)

    @invariant()
    def money_in_is_money_out_plus_held(self):
        by_kind = defaultdict(int)
        rows = LedgerEntry.objects.values("account__kind", "currency").annotate(t=Sum("amount"))
        for row in rows:
            by_kind[row["account__kind"], row["currency"]] = row["t"]
        for currency in CURRENCIES:
            held = sum(by_kind[kind, currency] for kind in HELD_KINDS)
            assert held == self.deposits[currency]  # paid out counts among the kinds
            assert -by_kind[AccountKind.EXTERNAL, currency] == self.deposits[currency]

    @invariant()
    def model_agrees_on_client_funds_and_escrow(self):
        for client in self.clients:
            for currency in CURRENCIES:
                expected = self.client_funds[client.pk, currency]
                assert self.balance(client, AccountKind.CLIENT_FUNDS, currency) == expected
                escrow_total = sum(
                    held
                    for owner, cur, held, *_ in [*self.subjects.values(), *self.pools.values()]
                    if owner == client and cur == currency
                )
                assert self.balance(client, AccountKind.ESCROW, currency) == escrow_total


@pytest.mark.django_db
def test_random_money_moves_keep_the_books():
    """Any sequence of moves keeps every invariant; refusals happen exactly when expected."""
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            BOUNDED, max_examples=min(BOUNDED.max_examples, 25), stateful_step_count=25
        ),
    )
