import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_group_logs_in_and_is_asked_who_is_acting(client, gita):
    response = client.post(reverse("login"), {"username": "gita", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("core:acting_as"))


def test_a_wrong_password_is_explained(client, gita):
    response = client.post(reverse("login"), {"username": "gita", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_guessing_a_shared_password_is_stopped(client, gita, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "gita", "password": "tebakan"})
    response = client.post(reverse("login"), {"username": "gita", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_can_still_log_in(client, gita, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "gita", "password": "tebakan"}, REMOTE_ADDR="10.9.9.9")
    response = client.post(
        reverse("login"), {"username": "gita", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302


def test_pages_carry_a_content_security_policy(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
