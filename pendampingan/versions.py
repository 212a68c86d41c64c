"""Comparing two versions of an agreement, read from its history."""

import difflib
from dataclasses import dataclass

from pendampingan.models import Agreement


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object

    @property
    def lines(self):
        """The text line by line, each marked kept, removed or added, for a reader to scan."""
        old = str(self.old if self.old is not None else "").splitlines()
        new = str(self.new if self.new is not None else "").splitlines()
        marks = {" ": "kept", "-": "removed", "+": "added"}
        return [(marks[line[0]], line[2:]) for line in difflib.ndiff(old, new) if line[0] in marks]


def agreement_changes(old, new):
    """What changed in the agreed content between two historical records."""
    delta = new.diff_against(old, included_fields=Agreement.CONTENT_FIELDS)
    changed = {change.field: change for change in delta.changes}
    return [
        Change(
            field=name,
            label=Agreement._meta.get_field(name).verbose_name,
            old=changed[name].old,
            new=changed[name].new,
        )
        for name in Agreement.CONTENT_FIELDS
        if name in changed
    ]


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    fields: list
    officer: object = None


IGNORED_HISTORY_FIELDS = {"updated_at", "updated_by", "updated_by_officer"}


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
                officer=newer.history_officer,
            )
        )
    return entries
