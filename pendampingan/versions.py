"""Comparing versions, field by field, for everything that has them.

Two versions of an agreement, a proposal against what is in force, two plan
revisions item by item, what someone saved while another was editing: all are
``content_changes`` between two records of one kind. How a value reads is
declared by its field: a choice shows its label, a date reads "29 November
2026", a quantity "2,5", a field listed in the model's ``MONEY_FIELDS`` reads
"Rp1.500.000", a related plan item is matched by its ``key`` across revisions.
"""

import datetime
import difflib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import money, quantity

# Beyond this many lines on either side a text is shown whole, not compared line by line:
# a line comparison of texts made of repeated lines costs time that grows with the cube
# of the lines (bench/text_comparison.py).
MAX_DIFF_LINES = 200


def is_money(field):
    return field.name in getattr(field.model, "MONEY_FIELDS", ())


def is_text(field):
    """A field read line by line when it changes: free text, not a choice."""
    return field.get_internal_type() in {"CharField", "TextField"} and not field.choices


def comparable_value(record, field):
    """What two records are compared on: a related item that lives on in copies by its ``key``."""
    if field.is_relation and any(f.name == "key" for f in field.related_model._meta.fields):
        related = getattr(record, field.name)
        return related.key if related is not None else None
    return getattr(record, field.attname)


def display_value(record, field):
    """A field's value as a reader expects it: a choice's label, a date in words, money in Rupiah."""
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return str(getattr(record, field.name))
    if is_money(field):
        return money(value)
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(value, Decimal):
        return quantity(value)
    return value


def line_marks(old, new):
    """``new`` against ``old`` line by line, each line marked kept, removed or added.

    None when either text is too long to compare within a page's time.
    """
    old = str(old if old is not None else "").splitlines()
    new = str(new if new is not None else "").splitlines()
    if len(old) > MAX_DIFF_LINES or len(new) > MAX_DIFF_LINES:
        return None
    marks = []
    matcher = difflib.SequenceMatcher(None, old, new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            marks += [("kept", line) for line in old[i1:i2]]
            continue
        marks += [("removed", line) for line in old[i1:i2]]
        marks += [("added", line) for line in new[j1:j2]]
    return marks


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object
    text: bool = True

    @property
    def lines(self):
        """The text line by line, each marked kept, removed or added; None when too long to compare."""
        return line_marks(self.old, self.new)

    too_long_message = _("Too long to compare line by line: both texts are shown in full.")


def content_changes(old, new, fields):
    """What differs in ``fields`` between two records of one kind (rows, history records or a proposal)."""
    model = type(new)._meta
    changes = []
    for name in fields:
        field = model.get_field(name)
        if field.many_to_many:
            continue
        if comparable_value(old, field) != comparable_value(new, field):
            changes.append(
                Change(
                    field=name,
                    label=field.verbose_name,
                    old=display_value(old, field),
                    new=display_value(new, field),
                    text=is_text(field),
                )
            )
    return changes


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    fields: list
    officer_name: str = ""
    officer_position: str = ""


IGNORED_HISTORY_FIELDS = {
    "updated_at",
    "updated_by",
    "updated_by_officer",
    "updated_by_officer_name",
    "updated_by_officer_position",
    "lock_version",
}

# How many changes a page's history shows, newest first.
HISTORY_SHOWN = 30


def history_entries(records):
    """Who changed which fields, newest first, from history records ordered newest first.

    Works on one list already fetched, so a page showing history runs one query.
    """
    records = list(records)
    if not records:
        return []
    model = records[0].instance_type
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in {"id"} and f.name not in IGNORED_HISTORY_FIELDS
    ]
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if older is None or newer.history_type == "+":
            changed = []
        else:
            changed = [
                f.verbose_name
                for f in fields
                if getattr(newer, f.attname, None) != getattr(older, f.attname, None)
            ]
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                user=newer.history_user,
                kind=newer.get_history_type_display(),
                fields=changed,
                officer_name=newer.history_officer_name,
                officer_position=newer.history_officer_position,
            )
        )
    return entries


def snapshot_changes(old, new, labels):
    """What differs between two snapshots (dicts of texts) of one record, in ``labels``' order.

    For content kept whole as it was confirmed (minutes, later evaluations): ``labels``
    is ``[(key, label)]``; each value is already a text as the reader sees it.
    """
    return [
        Change(field=key, label=label, old=old.get(key, ""), new=new.get(key, ""))
        for key, label in labels
        if old.get(key, "") != new.get(key, "")
    ]
