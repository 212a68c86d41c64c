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
from django.db import connection, models

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
    """Insert ``copies`` (``Copy``) of ``blue``; returns their groups.

    Rows are read from the database as it stores them and written back the same way, with ids
    taken ahead from each table's sequence: no model is built and nothing is converted but the
    columns a copy changes (ids, keys, names).
    """
    members = next((rows for model, rows in blue.tables if _label(model) == "pendampingan.member"), [])
    for one in copies:
        one.renamed = {blue.group.name: one.group_fields["name"]}
        one.renamed.update({m.name: new for m, new in zip(members, one.member_names, strict=True)})
    with connection.cursor() as cursor:
        for model, rows in blue.tables:
            table = _Table(model, cursor)
            raw = table.read(cursor, [row.pk for row in rows])
            # A row whose key is another row's (one to one) takes that row's copy's id.
            parent = table.fields[table.pk].related_model
            fresh = iter(table.new_ids(cursor, 0 if parent else len(raw) * len(copies)))
            written = []
            for one in copies:
                ids = one.ids[_label(model)]
                for old in raw:
                    ids[old[table.pk]] = one.ids[_label(parent)][old[table.pk]] if parent else next(fresh)
                written.extend(table.copied(old, one, blue) for old in raw)
            table.write(cursor, written)
    _reissued(blue, copies)
    ids = [one.ids["pendampingan.communitygroup"][blue.group.pk] for one in copies]
    return list(CommunityGroup.objects.filter(pk__in=ids).order_by("pk"))


class _Table:
    """How a copy changes each column of ``model``'s table, read and written as the database stores it."""

    def __init__(self, model, cursor):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.pk = next(i for i, f in enumerate(self.fields) if f.primary_key)
        history_of = _history_of(model)
        names = [f.name for f in self.fields]
        self.content_type = names.index("content_type") if _generic(model) else None
        self.changes = []
        for index, f in enumerate(self.fields):
            if f.primary_key:
                continue
            if f.is_relation:
                change = ("id", _label(f.related_model))
            elif f.name == "id" and history_of is not None:
                change = ("id", _label(history_of))
            elif f.name == "object_id" and self.content_type is not None:
                change = ("object", None)
            elif isinstance(f, models.UUIDField):
                change = ("key", None)
            elif isinstance(f, models.JSONField):
                change = ("json", _label(model) == "pendampingan.journalevent")
            elif f.name == "deviation_key":
                change = ("deviation", None)
            elif isinstance(f, (models.CharField, models.TextField)) and not f.choices:
                change = ("text", None)
            else:
                continue
            self.changes.append((index, f, *change))
        self.fixed = {}
        if model is CommunityGroup or history_of is CommunityGroup:
            self.fixed = {names.index(n): n for n in ("name", "region", "account") if n in names}
        self.code = names.index("code") if _label(model) == "pendampingan.verification" else None
        self.files = [i for i, f in enumerate(self.fields) if isinstance(f, models.FileField)]

    def read(self, cursor, pks):
        quote = connection.ops.quote_name
        columns = [quote(c) for c in self.columns]
        if connection.vendor == "sqlite":
            # As stored: a column read through a function has no declared type for sqlite3 to convert.
            columns = [f"COALESCE({c}, NULL)" for c in columns]
        found = []
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {quote(self.model._meta.db_table)} "
                f"WHERE {quote(self.columns[self.pk])} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {quote(self.columns[self.pk])}",
                chunk,
            )
            found.extend(cursor.fetchall())
        return found

    def new_ids(self, cursor, count):
        """``count`` ids for new rows, taken from the table's sequence so no other writer gets them."""
        if not count:
            return []
        table, column = self.model._meta.db_table, self.columns[self.pk]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the database's only write lock; rows written with higher
        # ids move the table's sequence on.
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        last = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        last = max(last, sequence[0] if sequence else 0)
        return list(range(last + 1, last + 1 + count))

    def copied(self, old, one, blue):
        row = list(old)
        row[self.pk] = one.ids[_label(self.model)][old[self.pk]]
        for index, f, change, detail in self.changes:
            value = old[index]
            if value is None:
                continue
            if change == "id":
                row[index] = one.ids[detail].get(value, value)
            elif change == "object":
                kind = ContentType.objects.get_for_id(old[self.content_type]).model_class()
                row[index] = one.ids[_label(kind)].get(value, value)
            elif change == "key":
                key = one.key(uuid.UUID(str(value)))
                row[index] = f.get_db_prep_value(key, connection)
            elif change == "json":
                row[index] = _json(value, one, blue, journal=detail)
            elif change == "deviation":
                row[index] = _deviation_key(value, one, blue)
            else:
                row[index] = _renamed(value, one, blue)
        for index, name in self.fixed.items():
            row[index] = one.group_fields["account_id" if name == "account" else name]
        if self.code is not None:
            row[self.code] = verification.new_code()
            for index in self.files:
                row[index] = ""
        return row

    def write(self, cursor, rows):
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        head = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES "
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor if hasattr(cursor, "cursor") else cursor, head + "%s", rows, page_size=BATCH
            )
        else:
            cursor.executemany(head + f"({', '.join(['%s'] * len(self.columns))})", rows)


def _renamed(text, one, blue):
    text = blue.pattern.sub(lambda m: one.renamed.get(m.group(0), m.group(0)), text)
    return UUID.sub(lambda m: str(one.key(uuid.UUID(m.group(0)))), text)


def _json(text, one, blue, journal=False):
    """A JSON column as stored (text): renamed and rekeyed, and in a journal summary its ids mapped."""
    text = _renamed(text, one, blue)
    if not journal:
        return text
    value = json.loads(text)
    if isinstance(value, dict) and any(isinstance(value.get(key), int) for key in SUMMARY_IDS):
        for key, label in SUMMARY_IDS.items():
            if isinstance(value.get(key), int):
                value[key] = one.ids[label].get(value[key], value[key])
        return json.dumps(value)
    return text


def _deviation_key(value, one, blue):
    kind, _, rest = value.partition(":")
    labels = DEVIATION_IDS.get(kind)
    if labels and rest:
        parts = rest.split(":")
        if all(p.isdigit() for p in parts) and len(parts) == len(labels):
            mapped = (str(one.ids[label].get(int(p), int(p))) for label, p in zip(labels, parts, strict=True))
            return ":".join([kind, *mapped])
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
