"""Copying complete rows in parts: a re-post always travels with its original."""

from jobs.services.bulk import _parts


def test_parts_keep_each_duplicate_with_its_original():
    rows = [({"id": pk, "duplicate_of_id": original}, []) for pk, original in
            [(1, None), (2, None), (3, 1), (4, 99), (5, 3), (6, 2)]]  # fmt: skip
    parts = _parts(rows, 2)
    ids = [[fields["id"] for fields, _ in part] for part in parts]
    assert ids == [[1, 3, 5], [2, 4, 6]]
