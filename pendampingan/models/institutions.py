"""Facilitating institutions (lembaga pendamping) and their staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds, regions
from pendampingan.formatting import person_name
from pendampingan.models.base import Versioned, domain_history


class Institution(Versioned):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        GOVERNMENT = "government", _("Government programme")
        CSR = "csr", _("Corporate social responsibility unit")
        UNIVERSITY = "university", _("University")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    address = models.TextField(_("address"), blank=True, max_length=bounds.TEXT_LENGTH)
    region = models.CharField(_("village"), max_length=13, blank=True, validators=[regions.validate_village])
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    public_verification = models.BooleanField(
        _("anyone can check our printed documents"),
        default=True,
        help_text=_(
            "The code on an approved document is checked on a public page without logging in. "
            "Off: it is checked only by those logged in who may see the agreement."
        ),
    )
    history = domain_history()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        return regions.label(self.region)


class Staff(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        FACILITATOR = "facilitator", _("Facilitator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="staff", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = domain_history()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["institution", "role", "user__first_name"]

    def __str__(self):
        return f"{person_name(self.user)} ({self.get_role_display()})"

    @property
    def is_coordinator(self):
        return self.role == self.Role.COORDINATOR
