from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.models import Evidence, IndicatorValue
from pendampingan.models import Agreement
from tests.conftest import login, photo_bytes, upload
from tests.monitoring.conftest import indicator_url, value_data

pytestmark = pytest.mark.django_db


def create_url(indicator):
    return indicator_url(indicator.revision.plan.agreement, "value_create", indicator_key=indicator.key)


def test_the_facilitator_records_a_value(client, fiona, indicator):
    login(client, fiona)
    assert client.get(create_url(indicator)).status_code == 200
    response = client.post(create_url(indicator), value_data())
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.indicator_key, value.author_party, value.created_by, value.value) == (
        indicator.key,
        "institution",
        fiona,
        Decimal("4.5"),
    )


def test_the_group_records_a_value_with_the_acting_officer(as_gita, indicator):
    as_gita.post(create_url(indicator), value_data(value="7"))
    value = IndicatorValue.objects.get()
    assert (value.author_party, value.created_by_officer_name, value.value) == ("group", "Sumarni", 7)


def test_a_double_click_records_once(as_alice, indicator):
    key = as_alice.get(create_url(indicator)).context["form"]["submission"].value()
    for _attempt in range(2):
        as_alice.post(create_url(indicator), value_data(submission=key))
    assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"measured_on": "2099-01-01"}, "measured_on"),
        ({"measured_on": "0026-06-30"}, "measured_on"),
        ({"value": "-1"}, "value"),
        ({"value": "1e10"}, "value"),
        ({"value": "1000000000.01"}, "value"),
        ({"value": "sepuluh"}, "value"),
        ({"value": ""}, "value"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(as_alice, indicator, changes, field):
    response = as_alice.post(create_url(indicator), value_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not IndicatorValue.objects.exists()


def test_the_value_carries_its_evidence(as_gita, indicator):
    files = [upload("timbangan.png", photo_bytes(fmt="PNG"))]
    assert as_gita.post(create_url(indicator), value_data(files=files)).status_code == 302
    evidence = IndicatorValue.objects.get().evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.author_party) == (
        "timbangan.png",
        "image/jpeg",
        "group",
    )


def test_a_file_refused_saves_nothing(as_alice, indicator):
    response = as_alice.post(create_url(indicator), value_data(files=[upload("nilai.jpg", b"1;2;3\n")]))
    assert "files" in response.context["form"].errors
    assert not IndicatorValue.objects.exists() and not Evidence.objects.exists()


def test_nothing_is_recorded_once_the_agreement_ended(as_alice, agreement_in_force, indicator):
    Agreement.objects.filter(pk=agreement_in_force.pk).update(status=Agreement.Status.COMPLETED)
    assert as_alice.post(create_url(indicator), value_data()).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_the_admin_reads_but_does_not_record(as_root, indicator):
    assert as_root.post(create_url(indicator), value_data()).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, indicator):
    assert client.post(create_url(indicator), value_data()).url.startswith(reverse("login"))
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, indicator, who):
    login(client, request.getfixturevalue(who))
    assert client.post(create_url(indicator), value_data()).status_code == 404


def test_it_starts_from_the_latest_value_of_the_indicator(as_alice, fiona_actor, chair_actor, indicator):
    import datetime

    from django.utils import timezone

    from tests.monitoring.conftest import add_evidence, record_value

    record_value(fiona_actor, indicator, measured_on=datetime.date(2026, 3, 31), value=Decimal("3"))
    latest = record_value(
        chair_actor,
        indicator,
        measured_on=datetime.date(2026, 4, 30),
        value=Decimal("4.5"),
        note="Dari buku.",
    )
    add_evidence(chair_actor, latest)
    page = as_alice.get(create_url(indicator))
    form = page.context["form"]
    assert (form["value"].value(), form["note"].value()) == (Decimal("4.5"), "Dari buku.")
    assert form["measured_on"].value() == timezone.localdate()
    html = page.content.decode()
    assert 'name="value" value="4,5"' in html and "30 April 2026" in html
    started_from = form["started_from"].value()
    response = as_alice.post(
        create_url(indicator), value_data(value="5,25", note="Dari buku.", started_from=started_from)
    )
    assert response.status_code == 302
    new = IndicatorValue.objects.latest("created_at", "pk")
    assert (new.value, new.note, new.evidence.count()) == (Decimal("5.25"), "Dari buku.", 0)
    assert latest.evidence.count() == 1


def test_the_first_value_of_an_indicator_starts_empty(as_alice, indicator):
    form = as_alice.get(create_url(indicator)).context["form"]
    assert form.latest is None and form["value"].value() is None
