"""Quantities (baselines, targets, measured values) written and typed the Indonesian way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from monitoring.forms import IndicatorValueForm
from pendampingan.formatting import plain_decimal, quantity
from pendampingan.forms import QuantityField
from plans.forms import IndicatorForm


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (Decimal("90.00"), "90", "90"),
        (Decimal("9E+1"), "90", "90"),
        (Decimal("2.50"), "2,5", "2.5"),
        (Decimal("1250.75"), "1.250,75", "1,250.75"),
        (Decimal("0.00"), "0", "0"),
        (30, "30", "30"),
    ],
)
def test_it_writes_a_quantity_in_the_pages_language_never_in_exponent_form(value, indonesian, english):
    with translation.override("id"):
        assert quantity(value) == indonesian
    with translation.override("en"):
        assert quantity(value) == english


def test_it_writes_nothing_for_no_value_and_plain_digits_for_files():
    assert quantity(None) == "" and quantity("") == ""
    assert (plain_decimal(Decimal("9E+1")), plain_decimal(Decimal("2.50"))) == ("90", "2.5")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2,5", "2.5"),
        ("2.5", "2.5"),
        ("90", "90"),
        ("1.250", "1250"),
        ("1,250", "1250"),
        ("1.250,5", "1250.5"),
        ("1,250.5", "1250.5"),
        (" 1.000.000 ", "1000000"),
    ],
)
def test_the_ways_people_write_a_quantity_are_one_quantity(typed, value):
    assert QuantityField(max_digits=14, decimal_places=2).clean(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["dua", "1.2.3", "2..5", "1,250,5", "12,"])
def test_anything_else_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as refused, translation.override("id"):
        QuantityField(max_digits=14, decimal_places=2).clean(typed)
    assert "2,5" in refused.value.messages[0]


def test_more_than_two_decimals_is_refused():
    with pytest.raises(ValidationError):
        QuantityField(max_digits=14, decimal_places=2).clean("0,125")


@pytest.mark.parametrize(
    ("form", "name"), [(IndicatorForm, "target"), (IndicatorForm, "baseline"), (IndicatorValueForm, "value")]
)
def test_every_form_with_a_quantity_uses_it(form, name):
    assert isinstance(form.base_fields[name], QuantityField)
    with translation.override("id"):
        assert form.base_fields[name].widget.format_value(Decimal("2.50")) == "2,5"


def test_a_change_of_a_quantity_reads_the_indonesian_way():
    from pendampingan.versions import display_value
    from plans.models import Indicator

    with translation.override("id"):
        assert display_value(Indicator(target=Decimal("90.00")), Indicator._meta.get_field("target")) == "90"
