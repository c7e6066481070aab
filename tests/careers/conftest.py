"""Career content shared by the careers tests: a small path with a checklist, and the ladder."""

import pytest

from tests.careers.factories import (
    CareerPathFactory,
    CareerStepFactory,
    ChecklistItemFactory,
    RoleLevelFactory,
)


@pytest.fixture
def path(db):
    """A path of three steps; the first has two checklist items."""
    made = CareerPathFactory.create(slug="into-product", title="Into product")
    steps = [
        CareerStepFactory.create(path=made, slug=f"step-{n}", title=f"Step {n}", order=n)
        for n in range(3)
    ]
    for n in range(2):
        ChecklistItemFactory.create(step=steps[0], text=f"First action {n}", order=n)
    return made


@pytest.fixture
def steps(path):
    return list(path.steps.order_by("order"))


@pytest.fixture
def ladder(db):
    mid = RoleLevelFactory.create(level="mid", title="Product Manager", order=1)
    entry = RoleLevelFactory.create(level="entry", title="Associate PM", order=0, next_level=mid)
    return [entry, mid]
