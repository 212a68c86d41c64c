"""Community groups (kelompok masyarakat) and their members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds, regions
from pendampingan.models.base import Position, Versioned, domain_history
from pendampingan.models.institutions import Institution


class CommunityGroup(Versioned):
    class Kind(models.TextChoices):
        FARMERS = "farmers", _("Farmers' group (kelompok tani)")
        KUBE = "kube", _("Joint business group (KUBE)")
        POKDARWIS = "pokdarwis", _("Tourism awareness group (Pokdarwis)")
        WOMEN = "women", _("Women's group")
        SAVINGS = "savings", _("Savings and loan group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    decree_number = models.CharField(_("founding decree number"), max_length=100, blank=True)
    decree_date = models.DateField(
        _("founding decree date"), null=True, blank=True, validators=bounds.DATE_VALIDATORS
    )
    region = models.CharField(_("village"), max_length=13, validators=[regions.validate_village])
    address = models.TextField(_("address"), blank=True, max_length=bounds.TEXT_LENGTH)
    registered_by = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="registered_groups",
        verbose_name=_("registered by"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_group",
        verbose_name=_("shared login"),
    )
    # The login's password is the one printed on the handover slip: the group sets its own at its
    # next login, so the coordinator who made it no longer knows it.
    password_is_temporary = models.BooleanField(_("password still the one handed over"), default=False)
    # A group with agreements is never deleted: archived, it leaves the lists and the pickers.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    history = domain_history()

    class Meta:
        verbose_name = _("community group")
        verbose_name_plural = _("community groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="group_name_unique_in_village"),
        ]

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        return regions.label(self.region)

    def officers(self):
        return self.members.filter(is_active=True, position__in=Member.OFFICER_POSITIONS)


class Member(Versioned):
    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    Position = Position

    OFFICER_POSITIONS = [
        Position.CHAIR,
        Position.VICE_CHAIR,
        Position.SECRETARY,
        Position.TREASURER,
    ]
    # Offices one active member holds at a time (a group may have several vice chairs).
    SINGLE_OFFICES = [Position.CHAIR, Position.SECRETARY, Position.TREASURER]

    group = models.ForeignKey(
        CommunityGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    position = models.CharField(_("position"), max_length=12, choices=Position.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = domain_history()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["group", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "position"],
                condition=models.Q(is_active=True, position__in=["chair", "secretary", "treasurer"]),
                name="one_active_holder_per_office",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def in_order(cls, queryset):
        """``queryset`` ordered as a group lists its members: officers by rank, then by name."""
        rank = models.Case(
            *(models.When(position=p, then=models.Value(i)) for i, p in enumerate(cls.OFFICER_POSITIONS)),
            default=models.Value(len(cls.OFFICER_POSITIONS)),
        )
        return queryset.alias(rank=rank).order_by("rank", "name")

    @property
    def is_officer(self):
        return self.is_active and self.position in self.OFFICER_POSITIONS

    @property
    def name_with_position(self):
        return f"{self.name} ({self.get_position_display()})"
