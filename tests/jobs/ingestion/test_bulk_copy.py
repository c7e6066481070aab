"""Copying complete rows in parts: a re-post always travels with its original."""

from typing import Any

from jobs.services.bulk import _parts


def test_parts_keep_each_duplicate_with_its_original():
    """Rows are dealt out in turn, except re-posts, which follow their original's part."""
    originals = [(1, None), (2, None), (3, 1), (4, 99), (5, 3), (6, 2)]
    rows: list[tuple[dict[str, Any], list[int]]] = [
        ({"id": pk, "duplicate_of_id": original}, []) for pk, original in originals
    ]
    parts = _parts(rows, 2)
    assert [[fields["id"] for fields, _ in part] for part in parts] == [[1, 3, 5], [2, 4, 6]]
