"""Amounts typed the way people write rupiah, in every form that takes one."""

import pytest
from django.utils import translation

from monitoring.forms import ProgressForm
from pendampingan.forms import MoneyField, MoneyInput, money_typed
from plans.forms import ActivityForm


@pytest.mark.parametrize(
    "typed",
    [
        "2.500.000",
        "Rp 2.500.000",
        "rp2.500.000",
        "Rp. 2.500.000,-",
        "2500000",
        "2.500.000,00",
        "2,500,000",
        " 2 500 000 ",
    ],
)
def test_the_ways_people_write_an_amount_are_one_amount(typed):
    assert MoneyField().clean(typed) == 2_500_000


@pytest.mark.parametrize(
    "typed", ["2.5", "1.000,50", "2500.000", "dua juta", "-500", "12.34.567", "Rp", "2..500"]
)
def test_anything_else_is_refused_with_an_example(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused, translation.override("id"):
        MoneyField().clean(typed)
    assert "2.500.000" in refused.value.messages[0]


def test_nothing_typed_is_no_amount():
    assert money_typed("") is None
    assert MoneyField(required=False).clean("") is None


def test_an_amount_is_shown_grouped_in_the_pages_language():
    with translation.override("id"):
        assert MoneyInput().format_value(2_500_000) == "2.500.000"
    with translation.override("en"):
        assert MoneyInput().format_value(2_500_000) == "2,500,000"


@pytest.mark.parametrize("form", [ActivityForm, ProgressForm])
def test_every_form_with_an_amount_uses_it(form):
    money = [name for name, field in form.base_fields.items() if isinstance(field, MoneyField)]
    assert money == form._meta.model.MONEY_FIELDS
    assert all(isinstance(form.base_fields[name].widget, MoneyInput) for name in money)


@pytest.mark.parametrize("typed", ["²", "1" * 10_000])
def test_it_shows_back_what_was_typed_when_it_cannot_group_it(typed):
    # "²" is a digit to str.isdigit() but not to int(); ten thousand digits pass int()'s limit.
    assert MoneyInput().format_value(typed) == typed
