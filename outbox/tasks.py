"""Outbox work: one message right after commit, the sweep for the rest, and clean-up."""

from celery import shared_task

from outbox import delivery


@shared_task
def deliver_message(message_id: int) -> bool:
    return delivery.message_deliver(message_id=message_id)


@shared_task
def drain_outbox() -> int:
    return delivery.messages_drain()


@shared_task
def purge_sent_messages() -> int:
    return delivery.messages_purge_sent()
