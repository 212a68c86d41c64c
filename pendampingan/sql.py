"""Expressions the database works out for lists and exports, on SQLite and on PostgreSQL alike, so
that a long list needs no query per row.
"""

from django.db.models import Aggregate, Count, IntegerField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

# Between the texts ``JoinedText`` joins: a character no name holds (``exports.safe_cell`` and every
# form strip control characters), so the texts can be split again and put in order.
SEPARATOR = "\x1f"


class JoinedText(Aggregate):
    """The texts of a group's rows in one text, separated by ``SEPARATOR``, in no particular order
    (``joined`` puts them in order). Django 6.0's ``StringAgg`` does this on every database."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def joined(text, separator=", "):
    """A ``JoinedText`` value as people read it: the texts in alphabetical order, ", " between."""
    return separator.join(sorted((text or "").split(SEPARATOR))) if text else ""


def person_name(prefix):
    """The full name of the user at ``prefix`` (``"user"``), or the username when it has none: what
    ``formatting.person_name`` shows, worked out by the database."""
    full = Trim(Concat(f"{prefix}__first_name", Value(" "), f"{prefix}__last_name"))
    return Coalesce(NullIf(full, Value("")), f"{prefix}__username", output_field=TextField())


def names_of(through, owner, person="user"):
    """A subquery for each row of the outer query: the names of the people ``through`` (a many-to-many
    table) links to it by ``owner`` (``"agreement"``), joined (``JoinedText``)."""
    return Subquery(
        through.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(names=JoinedText(person_name(person)))
        .values("names"),
        output_field=TextField(),
    )


def count_of(rows, owner):
    """A subquery for each row of the outer query: how many of ``rows`` (a queryset) belong to it by
    ``owner`` (``"group"``). Unlike ``Count`` over a join, it is worked out for the rows a page
    shows only, after the database has picked them."""
    mine = rows.filter(**{owner: OuterRef("pk")}).order_by()
    counted = mine.values(owner).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
