import datetime

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import Http404
from django.test import Client, override_settings
from django.urls import reverse

from pendampingan import lockout, services
from pendampingan.access import OFFICER_SESSION_KEY
from tests.conftest import PASSWORD, institution_actor, login

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
GUESSER = "203.0.113.5"
PHONE = "198.51.100.7"


@pytest.fixture
def behind_a_proxy(settings):
    settings.PROXY_COUNT = 1


def log_in(client, password, address, forwarded_for=None, username="gita"):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for or address}
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def guess(client, settings, address=GUESSER, username="gita"):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "tebakan", address, username=username)


def wait(minutes):
    """Move every recorded attempt ``minutes`` into the past."""
    delta = datetime.timedelta(minutes=minutes)
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - delta)
    for row in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=row.pk).update(expires_at=row.expires_at - delta)


def test_it_reads_each_phones_address_behind_the_proxy(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    assert log_in(client, PASSWORD, PHONE).status_code == 302


def test_it_ignores_addresses_a_guesser_writes_into_the_header(client, gita, settings, behind_a_proxy):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "tebakan", GUESSER, forwarded_for=f"192.0.2.{attempt}, {GUESSER}")
    assert log_in(client, PASSWORD, GUESSER, forwarded_for=f"{PHONE}, {GUESSER}").status_code == 429


def test_it_lets_a_locked_phone_in_after_a_short_pause(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES - 1)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    wait(2)
    assert log_in(client, PASSWORD, GUESSER).status_code == 302


def test_it_pauses_twice_as_long_after_each_lockout(client, gita, settings, behind_a_proxy):
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    guess(client, settings)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    assert log_in(client, PASSWORD, GUESSER).status_code == 429
    wait(settings.AXES_COOLOFF_MINUTES)
    assert log_in(client, PASSWORD, GUESSER).status_code == 302


def test_it_lifts_the_lock_when_the_coordinator_sets_a_new_password(
    client, gita, group_a, alice, settings, behind_a_proxy
):
    guess(client, settings)
    login(client, alice)
    password = client.post(reverse("core:group_password_reset", kwargs={"pk": group_a.pk})).context[
        "password"
    ]
    client.logout()
    assert log_in(client, password, GUESSER).status_code == 302


# A village: the group's phones and a stranger share the carrier's one address. Without the
# proxy setting every client is the proxy's address; with it, each is the address it sends.
VILLAGE = "198.51.100.20"


@pytest.fixture(params=[0, 1], ids=["direct", "behind-a-proxy"])
def one_address(request, settings):
    settings.PROXY_COUNT = request.param


def known_phone(username="gita", address=VILLAGE):
    """A browser that has logged in to ``username`` once, and logged out."""
    phone = Client()
    assert log_in(phone, PASSWORD, address, username=username).status_code == 302
    # Logging out as a person would: the test client's logout() would drop every cookie.
    phone.post(reverse("logout"))
    return phone


def device_cookie(phone):
    (name,) = [name for name in phone.cookies if name.startswith("device_")]
    return phone.cookies[name]


def pretend(forger, phone, value):
    """``forger`` sends ``value`` as the device cookie that ``phone`` holds."""
    forger.cookies[device_cookie(phone).key] = value


def test_it_gives_a_browser_that_logs_in_a_long_lived_device_cookie(gita, settings):
    settings.SESSION_COOKIE_SECURE = True
    cookie = device_cookie(known_phone())
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == reverse("login")
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 365


def test_it_gives_no_device_cookie_for_a_wrong_password(client, gita):
    log_in(client, "tebakan", VILLAGE)
    assert not [name for name in client.cookies if name.startswith("device_")]


def test_a_strangers_guesses_do_not_lock_a_phone_that_logged_in_before(gita, settings, one_address):
    phone = known_phone()
    guess(Client(), settings, address=VILLAGE)
    assert log_in(phone, PASSWORD, VILLAGE).status_code == 302
    # A phone that never logged in, at the same address, waits out the pause.
    assert log_in(Client(), PASSWORD, VILLAGE).status_code == 429


def test_a_known_phone_guessing_wrong_is_locked_on_its_own(gita, settings, one_address):
    phone, other_phone = known_phone(), known_phone()
    guess(phone, settings, address=VILLAGE)
    assert log_in(phone, PASSWORD, VILLAGE).status_code == 429
    assert log_in(phone, PASSWORD, PHONE).status_code == 429
    assert log_in(other_phone, PASSWORD, VILLAGE).status_code == 302
    assert log_in(Client(), PASSWORD, VILLAGE).status_code == 302


def test_a_known_phone_is_paused_longer_each_time_it_is_locked(gita, settings, one_address):
    phone = known_phone()
    guess(phone, settings, address=VILLAGE)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    guess(phone, settings, address=PHONE)
    wait(settings.AXES_COOLOFF_MINUTES + 1)
    assert log_in(phone, PASSWORD, VILLAGE).status_code == 429
    wait(settings.AXES_COOLOFF_MINUTES)
    assert log_in(phone, PASSWORD, VILLAGE).status_code == 302


def tamper(phone, forger):
    value = device_cookie(phone).value
    pretend(forger, phone, value[:-1] + ("A" if value[-1] != "A" else "B"))


def borrow_another_logins(phone, forger):
    """alice's valid device cookie, sent as gita's."""
    pretend(forger, phone, device_cookie(known_phone(username="alice")).value)


@pytest.mark.parametrize("forge", [tamper, borrow_another_logins])
def test_a_forged_device_cookie_counts_as_a_stranger(gita, alice, settings, one_address, forge):
    forger = Client()
    forge(known_phone(), forger)
    guess(Client(), settings, address=VILLAGE)
    assert log_in(forger, PASSWORD, VILLAGE).status_code == 429


NEW = "padi-sawah-pagi-kopi-47"


def coordinator_sets(gita, new, phone):
    services.group_password_set(group=gita.community_group, password=new)


def administrator_sets(gita, new, phone):
    root = get_user_model().objects.create_superuser("root", "root@example.id", PASSWORD)
    admin = Client()
    admin.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[gita.pk])
    response = admin.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302


def group_sets_its_own(gita, new, phone):
    """From another of the group's phones, which still logs in."""
    assert log_in(phone, PASSWORD, VILLAGE).status_code == 302
    session = phone.session
    session[OFFICER_SESSION_KEY] = gita.community_group.members.get(name="Sumarni").pk
    session.save()
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert phone.post(reverse("password_change"), data).status_code == 302


@pytest.mark.parametrize("set_password", [coordinator_sets, administrator_sets, group_sets_its_own])
def test_a_new_password_ends_every_lockout(gita, settings, one_address, set_password):
    locked_phone, other_phone = known_phone(), known_phone()
    stranger = Client()
    guess(locked_phone, settings, address=VILLAGE)
    guess(stranger, settings, address=VILLAGE)
    set_password(gita, NEW, other_phone)
    assert log_in(locked_phone, NEW, VILLAGE).status_code == 302
    assert log_in(stranger, NEW, VILLAGE).status_code == 302


def test_a_new_login_is_not_locked_by_guesses_before_it_existed(as_alice, group_a, settings):
    group_a.account.delete()
    guess(Client(), settings, username="tani.maju")
    url = reverse("core:group_account", kwargs={"pk": group_a.pk})
    password = as_alice.post(url, {"username": "tani.maju"}).context["password"]
    assert log_in(Client(), password, GUESSER, username="tani.maju").status_code == 302


def test_the_lockout_page_says_who_unlocks_and_that_known_phones_still_work(gita, settings, one_address):
    guess(Client(), settings, address=VILLAGE)
    stranger = Client()
    stranger.cookies["django_language"] = "en"
    body = log_in(stranger, PASSWORD, VILLAGE).content.decode()
    assert "coordinator of the institution that registered the group" in body
    assert "a coordinator of their institution or the administrator" in body
    assert "has logged in to this account before still logs in" in body
    indonesian = log_in(Client(), PASSWORD, VILLAGE).content.decode()
    assert "koordinator lembaga yang mendaftarkan kelompok itu" in indonesian
    assert "pernah masuk ke akun ini tetap bisa masuk" in indonesian


# The coordinator's view of the institution's locked logins.


def institution_url(institution):
    return reverse("core:institution_detail", kwargs={"pk": institution.pk})


def unlock_url(institution, user):
    return reverse("core:login_unlock", kwargs={"pk": institution.pk, "user_pk": user.pk})


@pytest.fixture
def locked(gita, fiona, gabe, settings, one_address):
    """gita locked for strangers in the village, fiona on her own phone, and gabe of institution B."""
    guess(Client(), settings, address=VILLAGE)
    guess(known_phone(username="fiona"), settings, address=PHONE, username="fiona")
    guess(Client(), settings, address=GUESSER, username="gabe")


def test_the_coordinator_sees_their_institutions_locked_logins(client, alice, locked):
    login(client, alice)
    client.cookies["django_language"] = "en"
    response = client.get(institution_url(alice.staff.institution))
    shown = {user.username: lockout for user, lockout in response.context["locked"]}
    assert set(shown) == {"gita", "fiona"}
    assert (shown["gita"].devices, shown["gita"].addresses) == (0, 1)
    assert (shown["fiona"].devices, shown["fiona"].addresses) == (1, 0)
    body = response.content.decode()
    assert "Shared login of Kelompok Tani Maju" in body
    assert "1 device that logged in before" in body
    assert "gabe" not in body


def test_the_institution_page_counts_its_queries_however_many_are_locked(
    client, alice, locked, assert_queries
):
    login(client, alice)
    client.cookies["django_language"] = "en"
    # As without lockouts (test_institution_views): the attempts, and the users locked.
    with assert_queries(8):
        response = client.get(institution_url(alice.staff.institution))
    assert len(response.context["locked"]) == 2
    lockout.lift("gita")
    lockout.lift("fiona")
    with assert_queries(8):
        response = client.get(institution_url(alice.staff.institution))
    assert b"No login of the institution is locked now." in response.content


def test_a_facilitator_sees_no_locked_logins(client, fiona, locked):
    login(client, fiona)
    response = client.get(institution_url(fiona.staff.institution))
    assert response.context["locked"] == []
    assert b"/unlock/" not in response.content


def test_the_coordinator_unlocks_a_login_without_changing_its_password(client, alice, gita, locked):
    login(client, alice)
    response = client.post(unlock_url(alice.staff.institution, gita), follow=True)
    assert response.redirect_chain[-1][0] == institution_url(alice.staff.institution)
    assert [user.username for user, _lockout in response.context["locked"]] == ["fiona"]
    assert log_in(Client(), PASSWORD, VILLAGE).status_code == 302
    # A second press, from the same stale page, changes nothing and says so.
    again = client.post(unlock_url(alice.staff.institution, gita), follow=True)
    assert again.status_code == 200
    assert [m.level_tag for m in again.context["messages"]] == ["info"]


def test_the_coordinator_unlocks_a_phone_locked_on_its_own(client, alice, fiona, locked):
    login(client, alice)
    client.post(unlock_url(alice.staff.institution, fiona))
    assert log_in(Client(), PASSWORD, PHONE, username="fiona").status_code == 302
    assert not lockout.locked_logins(get_user_model().objects.filter(username="fiona"))


def test_an_outsider_cannot_unlock_or_see_another_institutions_logins(client, bob, alice, gita, locked):
    login(client, bob)
    assert client.post(unlock_url(alice.staff.institution, gita)).status_code == 404
    # Their own institution's address with another institution's login: still not theirs.
    assert client.post(unlock_url(bob.staff.institution, gita)).status_code == 404
    assert log_in(Client(), PASSWORD, VILLAGE).status_code == 429


def test_a_facilitator_cannot_unlock(client, fiona, gita, locked):
    login(client, fiona)
    assert client.post(unlock_url(fiona.staff.institution, gita)).status_code == 403
    assert log_in(Client(), PASSWORD, VILLAGE).status_code == 429


def test_unlocking_is_only_a_post(client, alice, gita, locked):
    login(client, alice)
    assert client.get(unlock_url(alice.staff.institution, gita)).status_code == 405


def test_the_administrator_unlocks_any_institutions_login(client, admin_user, bob, gabe, locked):
    login(client, admin_user)
    assert client.post(unlock_url(bob.staff.institution, gabe)).status_code == 302
    assert log_in(Client(), PASSWORD, GUESSER, username="gabe").status_code == 302


def test_the_unlock_service_refuses_a_login_the_actor_does_not_keep(alice, gabe, fiona, locked):
    with pytest.raises(Http404):
        services.login_unlock(actor=institution_actor(alice), user=gabe)
    with pytest.raises(Http404):
        services.login_unlock(actor=institution_actor(fiona), user=gabe)
    assert services.login_unlock(actor=institution_actor(alice), user=fiona)
    assert not services.login_unlock(actor=institution_actor(alice), user=fiona)


def test_an_anonymous_visitor_is_sent_to_log_in_before_unlocking(client, institution_a, gita):
    response = client.post(unlock_url(institution_a, gita))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@override_settings(DEBUG=True)
def test_the_demo_shows_a_locked_group_login_that_still_logs_in_from_here(client):
    call_command("seed_demo")
    call_command("seed_demo")
    coordinator = get_user_model().objects.get(username="koordinator")
    login(client, coordinator)
    response = client.get(institution_url(coordinator.staff.institution))
    assert [user.username for user, _lockout in response.context["locked"]] == ["kelompok.mawar"]
    client.post(reverse("logout"))
    data = {"username": "kelompok.mawar", "password": "pendampingan-demo"}
    assert client.post(reverse("login"), data).status_code == 302
