"""The daily-digest machinery every kind of subscription shares (outbox.digests)."""

from django.utils import timezone

from outbox import digests


def test_batches_stop_at_the_first_the_broker_refuses(monkeypatch):
    """A refused batch and the ones after it stay unsent, to be found by the next run."""
    sent = []

    def enqueue(task, *, args):
        sent.append(args[0])
        return len(sent) < 2

    monkeypatch.setattr(digests, "task_enqueue", enqueue)
    queued = digests.digest_batches_enqueue(
        batches=iter([[1, 2], [3, 4], [5]]), task=object(), until=timezone.now()
    )
    assert queued == 1
    assert sent == [[1, 2], [3, 4]]


def test_each_batch_carries_the_same_cut_off(monkeypatch):
    """Every batch of one run finds news up to the same moment, as an ISO 8601 string."""
    until = timezone.now()
    seen = []

    def enqueue(task, *, args):
        seen.append(args[1])
        return True

    monkeypatch.setattr(digests, "task_enqueue", enqueue)
    assert digests.digest_batches_enqueue(batches=[[1], [2]], task=object(), until=until) == 2
    assert seen == [until.isoformat()] * 2
