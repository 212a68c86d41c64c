"""Every page of the core, checked the same way: anonymous visitors log in first, admin pages open;
uploaded files have no address of their own."""

import importlib

import pytest
from django.template.loader import render_to_string
from django.urls import Resolver404, URLResolver, reverse
from django.urls.resolvers import RegexPattern

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(agreement, group_a, chair, institution_a):
    a, g = {"pk": agreement.pk}, {"pk": group_a.pk}
    return [
        reverse("core:dashboard"),
        reverse("core:acting_as"),
        reverse("core:waiting"),
        reverse("core:agreement_list"),
        reverse("core:agreement_create"),
        reverse("core:agreement_detail", kwargs=a),
        reverse("core:agreement_edit", kwargs=a),
        reverse("core:agreement_approve", kwargs=a),
        reverse("core:agreement_activate", kwargs=a),
        reverse("core:agreement_complete", kwargs=a),
        reverse("core:agreement_end", kwargs=a),
        reverse("core:agreement_version", kwargs={**a, "version": 1}),
        reverse("core:group_list"),
        reverse("core:group_create"),
        reverse("core:group_detail", kwargs=g),
        reverse("core:group_edit", kwargs=g),
        reverse("core:group_account", kwargs=g),
        reverse("core:member_create", kwargs=g),
        reverse("core:member_edit", kwargs={**g, "member_pk": chair.pk}),
        reverse("core:institution_detail", kwargs={"pk": institution_a.pk}),
        reverse("core:institution_edit", kwargs={"pk": institution_a.pk}),
        reverse("core:staff_create", kwargs={"pk": institution_a.pk}),
        reverse("core:region_search"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, urls):
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize(
    "name", ["core:agreement_approve", "core:agreement_activate", "core:agreement_complete"]
)
def test_post_only_urls_refuse_get(as_alice, agreement, name):
    assert as_alice.get(reverse(name, kwargs={"pk": agreement.pk})).status_code == 405


@pytest.mark.parametrize(
    "model", ["institution", "staff", "communitygroup", "member", "agreement", "approval"]
)
def test_the_admin_lists_every_model(client, admin_user, agreement, model):
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:pendampingan_{model}_changelist"))
    assert response.status_code == 200


def test_the_admin_opens_an_agreement_with_its_approvals(client, admin_user, agreement):
    client.force_login(admin_user)
    response = client.get(reverse("admin:pendampingan_agreement_change", args=[agreement.pk]))
    assert response.status_code == 200


def test_no_address_serves_uploaded_files_directly_not_even_when_debugging(settings):
    """Uploaded files reach a browser only through a view that checked who asks for them."""
    import pendampingan.urls

    settings.DEBUG = True
    try:
        debugging = URLResolver(RegexPattern(r"^/"), importlib.reload(pendampingan.urls))
        with pytest.raises(Resolver404):
            debugging.resolve("/" + settings.MEDIA_URL.lstrip("/") + "evidence/2026/05/a.jpg")
    finally:
        settings.DEBUG = False
        importlib.reload(pendampingan.urls)


def test_the_server_error_page_needs_no_context():
    html = render_to_string("500.html")
    assert "navbar" in html
