"""Every list that grows with the record shows a page at a time, the same way (pendampingan/paging.py,
templates/_pagination.html): whatever is typed after ?page=, a page is shown, never an error."""

import pytest
from django.urls import reverse

from pendampingan import paging
from tests.conftest import make_agreement

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = str(10**20)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("2", 2),
        (2, 2),
        (None, 1),
        ("", 1),
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("1.5", 1),
        ("٣", 1),  # an Arabic-Indic three
        ("4", 4),
        ("5", 4),
        (TWENTY_DIGITS, 4),
        ("9" * 5000, 4),
    ],
)
def test_a_page_number_out_of_range_or_not_a_number_shows_the_first_or_the_last_page(asked, shown):
    assert paging.page_of(list(range(10)), asked, per_page=3).number == shown


def test_an_empty_list_is_one_empty_page():
    page = paging.page_of([], "7")
    assert page.number == 1 and list(page) == [] and not page.has_other_pages()


def test_far_pages_are_left_out_of_the_links():
    page = paging.page_of(list(range(100)), "10", per_page=2)
    assert page.links == [1, None, 9, 10, 11, None, 50]


LISTS = ["core:agreement_list", "core:group_list", "monitoring:portfolio", "evaluation:portfolio"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("asked", ["0", "-1", "abc", TWENTY_DIGITS, "2", "99"])
def test_no_page_number_is_an_error_on_any_list(as_alice, agreement, name, asked):
    assert as_alice.get(reverse(name), {"page": asked}).status_code == 200


def test_the_links_name_what_they_page_and_mark_the_current_page(
    as_alice, institution_a, group_a, alice, fiona, monkeypatch
):
    monkeypatch.setattr(paging, "PER_PAGE", 1)
    for n in range(3):
        make_agreement(institution_a, group_a, alice, [fiona], title=f"Program {n}")
    body = as_alice.get(reverse("core:agreement_list"), {"page": "2"}).content.decode()
    nav = body[body.index('<nav class="pager') : body.index("</nav>", body.index('<nav class="pager'))]
    assert 'aria-label="Halaman daftar kesepakatan"' in nav
    assert 'aria-current="page">2<' in nav
    assert 'rel="prev" href="?page=1"' in nav and 'rel="next" href="?page=3"' in nav
    assert "2–2 dari 3" in nav
