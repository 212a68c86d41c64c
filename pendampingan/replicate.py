"""Copies of a group's whole record, for scale data.

``seed_scale`` writes a few groups' years through the services, then copies each of them many
times over with other names: the copies hold exactly the rows the services wrote (every pillar's
records, approvals, verification codes, journal events and history), renamed, rekeyed and
re-linked, in a few bulk inserts per table instead of thousands of service calls per group.

Which rows belong to a group is found from the models themselves: a table belongs when a chain of
foreign keys leads from it to the group (a member, an agreement, an agreement's plan's activity,
their history); approvals and verification codes belong with the document they name. Nothing here
knows the pillars by name, so a new pillar's tables are copied too.
"""

import json
import random
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

from pendampingan import verification
from pendampingan.models import CommunityGroup

APPS = ["pendampingan", "plans", "monitoring", "records", "evaluation"]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Journal summaries that name a row by its id.
SUMMARY_IDS = {
    "meeting": "records.meeting",
    "action": "monitoring.correctiveaction",
    "record": "records.activityrecord",
}
# A deviation's key names rows by id: "reported:<id>", "action_overdue:<id>",
# "assessment:<round>:<criterion>".
DEVIATION_IDS = {
    "reported": ["monitoring.reporteddeviation"],
    "action_overdue": ["monitoring.correctiveaction"],
    "assessment": ["monitoring.assessmentround", "monitoring.assessmentcriterion"],
}
BATCH = 500


def _label(model):
    return model._meta.label_lower


def _foreign_keys(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _generic(model):
    """Whether ``model`` names its object by content type and id (an approval, a journal event)."""
    return {"content_type", "object_id"} <= {f.name for f in model._meta.concrete_fields}


def _history_of(model):
    """The model whose history ``model`` is (django-simple-history's ``instance_type``), or None."""
    return getattr(model, "instance_type", None) if hasattr(model, "history_id") else None


def _candidates():
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not model._meta.proxy and model is not CommunityGroup:
                found.append(model)
    return found


def _ordered(models_):
    """``models_`` with every model after those its rows point to: its foreign keys' models, the
    model whose history it is, and, for a row naming any object (approval, journal event), all the
    others."""
    inside = set(models_)

    def needs(model):
        found = {fk.related_model for fk in _foreign_keys(model)} | {_history_of(model)}
        if _generic(model):
            found |= {m for m in inside if not _generic(m)}
        return (found & inside) - {model}

    waiting = {m: needs(m) for m in models_}
    ordered, done = [], set()
    while len(ordered) < len(models_):
        ready = [m for m in models_ if m not in done and waiting[m] <= done]
        if not ready:
            raise ValueError(
                f"rows point at each other in a circle: {sorted(_label(m) for m in inside - done)}"
            )
        for model in ready:
            ordered.append(model)
            done.add(model)
    return ordered


@dataclass
class Blueprint:
    """A group's rows, table by table in the order they are inserted."""

    group: CommunityGroup
    tables: list  # [(model, [rows])]
    names: list  # texts that name the group or its people, longest first
    pattern: re.Pattern
    contents: dict  # verification code's id → the canonical text of the version it names
    digests: dict


def blueprint(group):
    """Everything that belongs to ``group``, read once, ready to be copied many times: the rows
    whose foreign keys point at the group, its login or a row already found, until no more are."""
    candidates = _candidates()
    ids = {CommunityGroup: {group.pk}, get_user_model(): {group.account_id}}
    grew = True
    while grew:
        grew = False
        for model in candidates:
            tied = models.Q(pk__in=[])
            for fk in _foreign_keys(model):
                if ids.get(fk.related_model):
                    tied |= models.Q(**{f"{fk.attname}__in": ids[fk.related_model]})
            found = set(model._base_manager.filter(tied).values_list("pk", flat=True))
            if found - ids.get(model, set()):
                ids[model] = ids.get(model, set()) | found
                grew = True
    ids.pop(get_user_model())
    rows = {
        model: list(model._base_manager.filter(pk__in=found).order_by("pk")) for model, found in ids.items()
    }
    # History of the group itself, and of rows whose only tie is the history's copy of an id.
    for model in candidates:
        original = _history_of(model)
        if model in rows or original is None:
            continue
        ids = [r.pk for r in rows.get(original, [])]
        if ids:
            rows[model] = list(model._base_manager.filter(id__in=ids).order_by("pk"))
    # Approvals and verification codes name their document by content type and id.
    by_type = {
        ContentType.objects.get_for_model(m).pk: {r.pk for r in found}
        for m, found in rows.items()
        if not _generic(m)
    }
    for model in candidates:
        if not _generic(model):
            continue
        named = models.Q(pk__in=[row.pk for row in rows.get(model, [])])
        for content_type, found in by_type.items():
            named |= models.Q(content_type_id=content_type, object_id__in=found)
        rows[model] = list(model._base_manager.filter(named).order_by("pk"))
    tables = [(m, rows[m]) for m in _ordered([m for m in rows if rows[m]])]
    people = [group.name, *(m.name for m in group.members.all())]
    people = sorted({p for p in people if len(p) >= 3}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(p) for p in people)) if people else re.compile(r"(?!x)x")
    codes = next((found for model, found in tables if _label(model) == "pendampingan.verification"), [])
    return Blueprint(
        group=group,
        tables=tables,
        names=people,
        pattern=pattern,
        contents=_contents(codes),
        digests={found.pk: found.digest for found in codes},
    )


@dataclass
class Copy:
    """One copy's own: the group's new fields (name, region, account), new member names, and the
    maps from the blueprint's ids and keys to the copy's."""

    group_fields: dict
    member_names: list
    renamed: dict = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)
    ids: dict = field(default_factory=lambda: defaultdict(dict))
    keys: dict = field(default_factory=dict)

    def key(self, old):
        """The copy's key for the original's ``old``: new, and the same wherever ``old`` appears."""
        if old not in self.keys:
            self.keys[old] = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return self.keys[old]


def copy(blue, copies):
    """Insert ``copies`` (``Copy``) of ``blue``; returns their groups."""
    members = next(
        (rows for model, rows in blue.tables if model._meta.label_lower == "pendampingan.member"), []
    )
    for one in copies:
        one.renamed = {blue.group.name: one.group_fields["name"]}
        one.renamed.update({m.name: new for m, new in zip(members, one.member_names, strict=True)})
    for model, rows in blue.tables:
        fresh = []
        for one in copies:
            fresh.extend(_copied(model, row, one, blue) for row in rows)
        model._base_manager.bulk_create(fresh, batch_size=BATCH)
        for index, one in enumerate(copies):
            made = fresh[index * len(rows) : (index + 1) * len(rows)]
            one.ids[_label(model)].update({old.pk: new.pk for old, new in zip(rows, made, strict=True)})
    _reissued(blue, copies)
    ids = [one.ids["pendampingan.communitygroup"][blue.group.pk] for one in copies]
    return list(CommunityGroup.objects.filter(pk__in=ids).order_by("pk"))


def _renamed(text, one, blue):
    text = blue.pattern.sub(lambda m: one.renamed.get(m.group(0), m.group(0)), text)
    return UUID.sub(lambda m: str(one.key(uuid.UUID(m.group(0)))), text)


def _copied(model, row, one, blue):
    values = {}
    history_of = _history_of(model)
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(row, f.attname)
        if value is None:
            pass
        elif f.is_relation:
            value = one.ids[_label(f.related_model)].get(value, value)
        elif f.name == "id" and history_of is not None:
            value = one.ids[_label(history_of)].get(value, value)
        elif f.name == "object_id" and hasattr(row, "content_type_id"):
            kind = ContentType.objects.get_for_id(row.content_type_id).model_class()
            value = one.ids[_label(kind)].get(value, value)
        elif isinstance(f, models.UUIDField):
            value = one.key(value)
        elif isinstance(f, models.JSONField):
            value = _json(value, f, one, blue, model)
        elif f.name == "deviation_key":
            value = _deviation_key(value, one, blue)
        elif isinstance(f, (models.CharField, models.TextField)) and not f.choices:
            value = _renamed(value, one, blue)
        values[f.attname] = value
    if model is CommunityGroup or history_of is CommunityGroup:
        values.update(
            {k: v for k, v in one.group_fields.items() if k != "account_id" or model is CommunityGroup}
        )
    if _label(model) == "pendampingan.verification":
        values["code"] = verification.new_code()
        values["pdf"], values["pdf_sha256"] = "", ""
    return model(**values)


def _json(value, f, one, blue, model):
    text = json.dumps(value, cls=f.encoder) if f.encoder else json.dumps(value)
    value = json.loads(_renamed(text, one, blue))
    if _label(model) == "pendampingan.journalevent" and isinstance(value, dict):
        for key, label in SUMMARY_IDS.items():
            if isinstance(value.get(key), int):
                value[key] = one.ids[label].get(value[key], value[key])
    return value


def _deviation_key(value, one, blue):
    kind, _, rest = value.partition(":")
    labels = DEVIATION_IDS.get(kind)
    if labels and rest:
        parts = rest.split(":")
        if all(p.isdigit() for p in parts) and len(parts) == len(labels):
            return ":".join(
                [
                    kind,
                    *(
                        str(one.ids[label].get(int(p), int(p)))
                        for label, p in zip(labels, parts, strict=True)
                    ),
                ]
            )
    return _renamed(value, one, blue)


def _contents(verifications):
    """The canonical text of each approved version the codes name (what their digests are of)."""
    texts = {}
    for found in verifications:
        document = found.content_type.get_object_for_this_type(pk=found.object_id)
        texts[found.pk] = verification.canonical(document.canonical_content(found.version)).decode()
    return texts


def _by_key(content):
    """Lists of items listed by their key (a plan's activities) in the order of the copy's keys."""
    if isinstance(content, dict):
        return {name: _by_key(value) for name, value in content.items()}
    if isinstance(content, list):
        items = [_by_key(value) for value in content]
        if items and all(isinstance(item, dict) and "key" in item for item in items):
            items.sort(key=lambda item: item["key"])
        return items
    return content


def _reissued(blue, copies):
    """Each copy's codes take the digest of the copy's own content: the original's, renamed and
    rekeyed like the copy (sorting the keys again, as a name may have been one)."""
    from pendampingan.models import Verification

    for one in copies:
        for old, new in one.ids["pendampingan.verification"].items():
            text = _renamed(blue.contents[old], one, blue)
            digest = verification.digest(_by_key(json.loads(text)))
            if digest != blue.digests[old]:
                Verification.objects.filter(pk=new).update(digest=digest)
