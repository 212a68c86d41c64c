"""A word used in two senses is translated in each: "Start" the button is not "Start" the date column."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import workbook_of
from tests.monitoring.conftest import agreement_in_force, fiona_actor  # noqa: F401
from tests.plans.conftest import draft, in_force  # noqa: F401
from tests.plans.test_revision_export import HEADER_ROW
from tests.records.conftest import new_meeting

pytestmark = pytest.mark.django_db


def test_the_evaluation_starts_with_mulai_while_the_plans_export_has_tanggal_mulai(
    as_alice,
    in_force,  # noqa: F811
    agreement_in_force,  # noqa: F811
):
    page = as_alice.get(reverse("evaluation:start", kwargs={"pk": agreement_in_force.pk})).content.decode()
    buttons = [b.strip() for b in re.findall(r"<button[^>]*>([^<]*)</button>", page)]
    assert "Mulai" in buttons and "Tanggal mulai" not in page
    workbook = workbook_of(as_alice.get(in_force.url("export", fmt="xlsx")))
    header = [cell.value for sheet in workbook.worksheets for cell in sheet[HEADER_ROW]]
    assert "Tanggal mulai" in header and "Tanggal selesai" in header


def test_a_meeting_ahead_is_scheduled_not_a_plan(as_alice, agreement_in_force, fiona_actor):  # noqa: F811
    meeting = new_meeting(fiona_actor, agreement_in_force, held_on=timezone.localdate())
    page = as_alice.get(
        reverse("records:meeting", kwargs={"pk": meeting.agreement_id, "meeting_pk": meeting.pk})
    ).content.decode()
    assert "Terjadwal" in page and ">Rencana<" not in page
    assert meeting.get_status_display() == "Terjadwal"
