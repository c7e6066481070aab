"""Outbox delivery: one message right after commit, and the periodic sweep for the rest."""

from celery import shared_task

from outbox import services


@shared_task
def deliver_message(message_id: int) -> bool:
    return services.message_deliver(message_id=message_id)


@shared_task
def drain_outbox() -> int:
    return services.messages_drain()
