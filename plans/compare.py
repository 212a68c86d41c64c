"""What one plan revision adds, removes and changes against another, item by item."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pendampingan.versions import content_changes
from plans.models import Activity, Commitment, Indicator, Stage

KINDS = [
    ("stages", Stage, _("Stages")),
    ("activities", Activity, _("Activities")),
    ("indicators", Indicator, _("Success indicators")),
    ("commitments", Commitment, _("Roles and responsibilities")),
]


@dataclass
class KindChanges:
    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def any(self):
        return bool(self.added or self.removed or self.changed)


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
            fields = content_changes(before[key], after[key], model.CONTENT_FIELDS)
            if fields:
                changes.changed.append((after[key], fields))
        result.append(changes)
    return result
