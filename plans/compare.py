"""What one plan revision adds, removes and changes against another, item by item."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pendampingan.formatting import money
from plans.models import Activity, Commitment, Indicator, Stage

KINDS = [
    ("stages", Stage, _("Stages")),
    ("activities", Activity, _("Activities")),
    ("indicators", Indicator, _("Success indicators")),
    ("commitments", Commitment, _("Roles and responsibilities")),
]


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class KindChanges:
    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def any(self):
        return bool(self.added or self.removed or self.changed)


def _display(item, name):
    model_field = item._meta.get_field(name)
    if model_field.choices:
        return getattr(item, f"get_{name}_display")()
    if name.startswith("budget_"):
        return money(getattr(item, name))
    return getattr(item, name)


def _value(item, name):
    """What to compare: related plan items by their key, which stays the same across revisions."""
    model_field = item._meta.get_field(name)
    if model_field.is_relation and hasattr(model_field.related_model, "key"):
        related = getattr(item, name)
        return related.key if related is not None else None
    return getattr(item, model_field.attname)


def compare_revisions(old, new, contents):
    """``contents`` maps a revision's pk to its prefetched items by kind."""
    result = []
    for kind, model, label in KINDS:
        before = {item.key: item for item in contents[old.pk][kind]}
        after = {item.key: item for item in contents[new.pk][kind]}
        changes = KindChanges(label=label)
        changes.added = [after[key] for key in after if key not in before]
        changes.removed = [before[key] for key in before if key not in after]
        for key in after.keys() & before.keys():
            fields = [
                FieldChange(
                    label=model._meta.get_field(name).verbose_name,
                    old=_display(before[key], name),
                    new=_display(after[key], name),
                )
                for name in model.CONTENT_FIELDS
                if _value(before[key], name) != _value(after[key], name)
            ]
            if fields:
                changes.changed.append((after[key], fields))
        result.append(changes)
    return result
