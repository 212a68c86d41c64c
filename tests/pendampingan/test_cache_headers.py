import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_it_keeps_a_logged_in_users_pages_out_of_shared_caches(as_alice, agreement):
    response = as_alice.get(reverse("core:agreement_detail", kwargs={"pk": agreement.pk}))
    assert "private" in cache_control(response)


def test_it_keeps_a_groups_pages_out_of_shared_caches(as_gita, group_a):
    assert "private" in cache_control(as_gita.get(reverse("core:group_detail", kwargs={"pk": group_a.pk})))


def test_it_leaves_pages_for_anonymous_visitors_alone(client):
    assert "private" not in cache_control(client.get(reverse("password_reset")))


def test_it_keeps_what_a_view_chose_itself(as_alice, group_a):
    response = as_alice.post(reverse("core:group_password_reset", kwargs={"pk": group_a.pk}))
    assert "no-store" in cache_control(response)
