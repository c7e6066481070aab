"""What every contract action checks first: who acts, the contract's status, a replayed key.

Shared by the milestone, hour-log and contract-ending services, with the e-mail that tells
the side acting next once the change commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from gigs import notifications
from gigs.domain import ContractStatus
from gigs.errors import IdempotencyConflict
from gigs.models import Contract, IdempotencyKey
from gigs.services.idempotency import fingerprint
from outbox import services as outbox


class TransitionError(ValidationError):
    """The contract, milestone or hour log is not in a status that allows this action."""


def require_party(contract: Contract, user: User) -> None:
    if user.pk not in (contract.client_id, contract.freelancer_id):
        raise PermissionDenied("Only the contract's client and freelancer may do this.")


def require_client(contract: Contract, user: User) -> None:
    if contract.client_id != user.pk:
        raise PermissionDenied("Only the contract's client may do this.")


def require_freelancer(contract: Contract, user: User) -> None:
    if contract.freelancer_id != user.pk:
        raise PermissionDenied("Only the contract's freelancer may do this.")


def require_client_or_staff(contract: Contract, user: User) -> None:
    if not user.is_staff:
        require_client(contract, user)


def require_staff(contract: Contract, user: User) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only staff may do this.")


# Who may act, by the name an action gives: each raises PermissionDenied for anyone else.
SIDES: dict[str, Callable[[Contract, User], None]] = {
    "party": require_party,
    "client": require_client,
    "freelancer": require_freelancer,
    "client_or_staff": require_client_or_staff,
    "staff": require_staff,
}


def lock_contract(contract_id: int) -> None:
    """Lock the contract's row before any of its milestones or hour logs.

    Every contract action takes the contract first, so two actions on one contract (ending
    it while a week is approved, say) queue on it rather than deadlock on each other's rows.
    """
    list(Contract.objects.select_for_update().filter(pk=contract_id).values_list("pk"))


def require_active(contract: Contract) -> None:
    if contract.status != ContractStatus.ACTIVE:
        raise TransitionError(f"This contract is {contract.get_status_display().lower()}.")


def replayed(*, user: User, key: str | None, action: str, arguments: dict[str, Any]) -> bool:
    """Whether ``key`` already did this very money move; refuse it for another request."""
    if key is None:
        return False
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:
        return False
    if record.fingerprint != fingerprint(action, arguments):
        raise IdempotencyConflict(
            "This idempotency key was already used for a different request.",
            code="idempotency_conflict",
        )
    return record.result_id is not None


def notify(
    contract: Contract,
    kind: str,
    recipient_id: int,
    *,
    milestone_id: int | None = None,
    hour_log_id: int | None = None,
) -> None:
    """E-mail one side of the contract after the change commits."""
    kwargs: dict[str, Any] = {
        "contract_id": contract.pk,
        "kind": kind,
        "recipient_id": recipient_id,
        "milestone_id": milestone_id,
    }
    if hour_log_id is not None:
        kwargs["hour_log_id"] = hour_log_id
    outbox.message_queue(handler=notifications.contract_email_send, kwargs=kwargs)


def other_side(contract: Contract, user: User) -> int:
    return contract.freelancer_id if user.pk == contract.client_id else contract.client_id
