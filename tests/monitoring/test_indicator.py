import pytest
from django.urls import reverse

from tests.conftest import login, photo_bytes
from tests.monitoring.conftest import D, add_evidence, evidence_url, indicator_url, record_value

pytestmark = pytest.mark.django_db


def history_url(indicator):
    return indicator_url(indicator.revision.plan.agreement, "indicator", indicator_key=indicator.key)


def test_it_shows_every_value_newest_first_with_who_recorded_it(
    as_alice, indicator, fiona_actor, chair_actor, gita
):
    record_value(fiona_actor, indicator, value=2, measured_on=D(2026, 3, 1), note="Dari daftar hadir.")
    record_value(chair_actor, indicator, value=4, measured_on=D(2026, 6, 1))
    response = as_alice.get(history_url(indicator))
    assert response.status_code == 200
    assert [v.value for v in response.context["values"]] == [4, 2]
    assert response.context["state"].latest.value == 4
    page = response.content.decode()
    assert "dicatat oleh kelompok" in page and "dicatat oleh lembaga" in page
    assert "Sumarni" in page and "Dari daftar hadir." in page


def test_each_party_may_edit_only_its_own_values(client, indicator, fiona, fiona_actor, chair_actor):
    ours = record_value(fiona_actor, indicator, value=2)
    theirs = record_value(chair_actor, indicator, value=3)
    login(client, fiona)
    page = client.get(history_url(indicator)).content.decode()
    agreement_pk = indicator.revision.plan.agreement_id
    assert reverse("monitoring:value_edit", kwargs={"pk": agreement_pk, "value_pk": ours.pk}) in page
    assert reverse("monitoring:value_edit", kwargs={"pk": agreement_pk, "value_pk": theirs.pk}) not in page


def test_it_shows_each_values_evidence(as_alice, indicator, chair_actor):
    value = record_value(chair_actor, indicator)
    photo = add_evidence(chair_actor, value, "timbangan.jpg", photo_bytes())
    listed = add_evidence(chair_actor, value, "daftar-hadir.pdf", caption="Daftar hadir Mei")
    page = as_alice.get(history_url(indicator)).content.decode()
    assert f'<img src="{evidence_url(photo, thumbnail=True)}" alt="timbangan.jpg"' in page
    assert f'<a href="{evidence_url(listed)}">daftar-hadir.pdf</a>' in page and "Daftar hadir Mei" in page


def test_it_runs_a_fixed_number_of_queries(as_alice, indicator, fiona_actor, chair_actor, assert_queries):
    def value_with_files(actor):
        value = record_value(actor, indicator)
        add_evidence(actor, value, "foto.jpg", photo_bytes((64, 48)))
        add_evidence(actor, value)

    value_with_files(fiona_actor)
    # session, user, staff, agreement with parties, facilitators, approvals, proposed amendments,
    # the indicator in force, its values with their authors, their evidence
    with assert_queries(10):
        as_alice.get(history_url(indicator))
    for actor in [chair_actor, fiona_actor, chair_actor]:
        value_with_files(actor)
    with assert_queries(10):
        as_alice.get(history_url(indicator))


def test_an_indicator_not_in_the_plan_in_force_is_a_404(as_alice, agreement_in_force):
    url = indicator_url(agreement_in_force, "indicator", indicator_key="00000000-0000-0000-0000-000000000000")
    assert as_alice.get(url).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, indicator):
    assert client.get(history_url(indicator)).url.startswith(reverse("login"))


def test_it_is_read_only(as_alice, indicator):
    assert as_alice.post(history_url(indicator)).status_code == 405


@pytest.mark.parametrize("who", ["bob", "bella", "frank"])
def test_outsiders_get_404(client, request, indicator, who):
    login(client, request.getfixturevalue(who))
    assert client.get(history_url(indicator)).status_code == 404
