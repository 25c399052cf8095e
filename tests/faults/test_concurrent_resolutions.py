"""Two clerks minute resolutions under the same agenda item at the same
moment, each on their own connection: the item's row lock makes the second
wait and take the next letter, so no letter is given twice; two clerks who
both typed the same letter get one resolution and one clear refusal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from committees.models import Resolution
from committees.services import resolution_create
from committees.services.common import AlreadySaved
from tests.committees.factories import AgendaItemFactory
from tests.factories import UserFactory
from tests.faults.test_concurrent_publish import at_once

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROUNDS = 6


def test_concurrent_resolutions_take_successive_letters():
    clerks = [UserFactory(username=f"clerk-{n}", roles=["Clerks"]) for n in range(2)]
    for _ in range(ROUNDS):
        item = AgendaItemFactory()
        results = at_once(
            *[
                lambda clerk=clerk, item=item: resolution_create(
                    user=clerk,
                    item=item,
                    text="That the report be noted.",
                    kind="noted",
                )  # fmt: skip
                for clerk in clerks
            ]
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        letters = sorted(
            Resolution.objects.filter(item=item).values_list("letter", flat=True)
        )
        assert letters == ["a", "b"]


def test_the_same_letter_typed_twice_gives_one_resolution_and_one_refusal():
    """Two clerks give the same letter to different resolutions: one is
    minuted, the other refused. (The same letter, text and kind from both
    would be one resolution saved twice, a double click: see the next test.)"""
    clerks = [UserFactory(username=f"typist-{n}", roles=["Clerks"]) for n in range(2)]
    texts = ["That the report be noted.", "That the Director report back in March."]
    for _ in range(ROUNDS):
        item = AgendaItemFactory()
        results = at_once(
            *[
                lambda clerk=clerk, text=text, item=item: resolution_create(
                    user=clerk,
                    item=item,
                    text=text,
                    kind="noted",
                    letter="a",
                )  # fmt: skip
                for clerk, text in zip(clerks, texts, strict=True)
            ]
        )
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(refused) == 1, results
        [saved] = [r for r in results if isinstance(r, Resolution)]
        assert list(Resolution.objects.filter(item=item)) == [saved]


def test_the_same_resolution_saved_twice_at_once_is_one_resolution():
    """The same letter, text and kind from two requests at once (a double
    click on Save): one resolution, and the second request is told it was
    already saved (committees.services.common.AlreadySaved), not refused."""
    clerks = [UserFactory(username=f"clicker-{n}", roles=["Clerks"]) for n in range(2)]
    for _ in range(ROUNDS):
        item = AgendaItemFactory()
        results = at_once(
            *[
                lambda clerk=clerk, item=item: resolution_create(
                    user=clerk,
                    item=item,
                    text="That the report be noted.",
                    kind="noted",
                    letter="a",
                )  # fmt: skip
                for clerk in clerks
            ]
        )
        [already] = [r for r in results if isinstance(r, AlreadySaved)]
        [saved] = [r for r in results if isinstance(r, Resolution)]
        assert already.instance == saved
        assert list(Resolution.objects.filter(item=item)) == [saved]
