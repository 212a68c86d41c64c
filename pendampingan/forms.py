import hashlib
import re
from decimal import Decimal

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds, jobs, regions, verification
from pendampingan.concurrency import OnceFormMixin, VersionedFormMixin
from pendampingan.formatting import person_name, quantity
from pendampingan.models import Agreement, AgreementAmendment, CommunityGroup, Institution, Member, Staff

DATE_INPUT = forms.DateInput(
    attrs={"type": "date", "min": bounds.EARLIEST_DATE.isoformat(), "max": bounds.LATEST_DATE.isoformat()},
    format="%Y-%m-%d",
)
CODE_AT_END = re.compile(r"\((\d{2}(?:\.\d{2}){2}\.\d{4})\)\s*$")


class RegionWidget(forms.TextInput):
    """A text box for a village: its name (and district), or its Kemendagri code.

    Its list of suggestions follows it, empty until the page's script fills it as one types."""

    def __init__(self, attrs=None):
        base = {
            "autocomplete": "off",
            "data-region-search": "",
            "placeholder": _("e.g. Cirahab, Lumbir"),
        }
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box = context["widget"]["attrs"]
        box["list"] = f"{box.get('id', name)}-options"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        box = self._render(self.template_name, context, renderer)
        return box + format_html('<datalist id="{}"></datalist>', context["widget"]["attrs"]["list"])

    def format_value(self, value):
        region = regions.get(value) if value else None
        if region is not None:
            return f"{region.path} ({region.code})"
        return super().format_value(value)


class RegionField(forms.CharField):
    widget = RegionWidget
    default_error_messages = {
        "unknown": _("No village matches “%(text)s”. Type the village name, a comma, then the district."),
        "ambiguous": _(
            "%(count)s villages match “%(text)s”, for example %(examples)s. "
            "Add the district after a comma, or pick one from the list."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            _("The village (desa/kelurahan). Type its name and district, e.g. “Cirahab, Lumbir”."),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return ""
        match = CODE_AT_END.search(text)
        if match:
            text = match.group(1)
        found = regions.villages_matching(text)
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text})
        if len(found) > 1:
            examples = "; ".join(f"{r.path} ({r.code})" for r in found[:3])
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"count": len(found), "text": text, "examples": examples},
            )
        return found[0].code


class InstitutionForm(VersionedFormMixin, forms.ModelForm):
    region = RegionField(label=_("Village"), required=False)

    class Meta:
        model = Institution
        fields = ["name", "kind", "address", "region", "phone", "email", "public_verification"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class CommunityGroupForm(VersionedFormMixin, forms.ModelForm):
    region = RegionField(label=_("Village"))

    class Meta:
        model = CommunityGroup
        fields = ["name", "kind", "decree_number", "decree_date", "region", "address"]
        widgets = {"decree_date": DATE_INPUT, "address": forms.Textarea(attrs={"rows": 2})}

    def clean_decree_date(self):
        decree_date = self.cleaned_data.get("decree_date")
        if decree_date and decree_date > timezone.localdate():
            raise forms.ValidationError(_("The founding decree cannot be dated in the future."))
        return decree_date

    def clean(self):
        cleaned = super().clean()
        name, region = cleaned.get("name"), cleaned.get("region")
        if name and region:
            clash = CommunityGroup.objects.filter(name__iexact=name, region=region)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("A group with this name is already registered in this village."))
        return cleaned


class MemberForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    # Shown only when the name is already on the list: the same person entered twice is likelier
    # than two people of one name, so a second one is recorded on purpose.
    same_name = forms.BooleanField(
        label=_("This is another person with the same name"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Member
        fields = ["name", "sex", "position", "phone", "is_active"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = self.group.members.exclude(pk=self.instance.pk) if self.instance.pk else self.group.members
        same = [m for m in others.only("name") if m.name.casefold() == name.casefold()]
        confirmed = self.data.get(self.add_prefix("same_name")) in {"on", "true", "True", "1"}
        if same and not confirmed:
            self.fields["same_name"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                _(
                    "%(name)s is already on the member list. If this is another person with the same name, "
                    "tick the box below and save again."
                )
                % {"name": same[0].name}
            )
        return name

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("same_name", None)  # asked of the person, not stored
        return cleaned

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"[\s\-.]", "", phone)
        if digits and not re.fullmatch(r"(\+62|62|0)8\d{7,11}", digits):
            raise forms.ValidationError(_("Enter a mobile number such as 0812 3456 7890."))
        return phone


class PlainPasswordLabels:
    """The password forms' labels and refusals in the words the rest of the application uses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": _("Current password"),
            "new_password1": _("New password"),
            "new_password2": _("The new password again"),
        }
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two new passwords are not the same. Type them again."),
            "password_incorrect": _("The current password is not right. Type it again."),
        }


class PasswordChangeForm(PlainPasswordLabels, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(PlainPasswordLabels, auth_forms.SetPasswordForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, its e-mail written here and sent by a job: a slow mail server never holds up
    the page, and the page answers the same whether or not the address is known."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        jobs.email(subject, render_to_string(email_template_name, context), [to_email])


def money_typed(text):
    """The digits of an amount typed the way people write rupiah, or None when it is not one.

    "2.500.000", "Rp 2.500.000", "Rp2.500.000,-", "2500000" and "2.500.000,00" are all
    2500000; so is "2,500,000" as typed in English. Sen other than zero are not rupiah amounts.
    """
    cleaned = re.sub(r"\s+", "", str(text))
    cleaned = re.sub(r"^(?:rp\.?|idr)", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"[.,]-$", "", cleaned)
    found = re.fullmatch(r"(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*|\d+)(?:[.,]0{1,2})?", cleaned)
    return re.sub(r"\D", "", found.group(1)) if found else None


class MoneyInput(forms.TextInput):
    """An amount in a text box that shows it grouped ("2.500.000") and opens the digit keyboard."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # What was typed and refused comes back as typed: "²" is a digit only to isdigit(), and
        # int() reads at most 4300 digits.
        typed_digits = isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 4300
        if isinstance(value, int) or typed_digits:
            return number_format(int(value), force_grouping=True)
        return super().format_value(value)


class MoneyField(forms.IntegerField):
    """A rupiah amount as people type it (``money_typed``); every form with an amount uses it."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Type an amount in rupiah, for example 2.500.000 or Rp 2.500.000."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            digits = money_typed(value)
            if digits is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = digits
        return super().to_python(value)


def quantity_typed(text):
    """A quantity typed the way people write it, as "1250.5", or None when it is not one.

    "2,5" and "2.5" are both two and a half; one separator before exactly three digits groups
    thousands ("1.250", "1,250"), and "1.250,5" (Indonesian) or "1,250.5" (English) groups
    and has a decimal part.
    """
    cleaned = re.sub(r"\s+", "", str(text))
    sign = "-" if cleaned.startswith("-") else ""
    cleaned = cleaned.removeprefix("-")
    grouped = re.fullmatch(r"([1-9]\d{0,2}(?:([.,])\d{3})+)(?:(?!\2)[.,](\d+))?", cleaned)
    if grouped:
        whole, decimals = re.sub(r"\D", "", grouped.group(1)), grouped.group(3)
    else:
        plain = re.fullmatch(r"(\d+)(?:[.,](\d+))?", cleaned)
        if not plain:
            return None
        whole, decimals = plain.groups()
    return f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"


class QuantityInput(forms.TextInput):
    """A quantity in a text box written the page's way ("2,5", "90", never "9E+1"), with the
    keyboard for decimals."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return quantity(value)
        return super().format_value(value)


class QuantityField(forms.DecimalField):
    """A quantity (a baseline, a target, a measured value) as people type it (``quantity_typed``)."""

    widget = QuantityInput
    default_error_messages = {"invalid": _("Type a number, for example 2.5 or 1,250.")}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            typed = quantity_typed(value)
            if typed is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = typed
        return super().to_python(value)


def money_fields(model):
    """``field_classes`` for a ModelForm of ``model``: its ``MONEY_FIELDS`` as ``MoneyField``."""
    return dict.fromkeys(model.MONEY_FIELDS, MoneyField)


class LoginForm(AuthenticationForm):
    """The login form, with a refusal that reads plainly in both languages."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is not right. Check both, including capital letters, and try again."
        ),
    }


def username_field():
    """A new login's username: what Django accepts (letters, digits and . @ + - _), said plainly."""
    return forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "Letters, digits and the signs . @ + - _ only, without spaces; for example budi.mandiri."
        ),
        validators=[
            UnicodeUsernameValidator(
                message=_("A username may have only letters, digits and the signs . @ + - _ (no spaces).")
            )
        ],
    )


class NewLoginMixin:
    """A new account's username must be free; its password is never typed by whoever makes it."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class GroupAccountForm(NewLoginMixin, forms.Form):
    """The group's shared login: a username; the first password is made by the application."""

    username = username_field()


class StaffForm(NewLoginMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = username_field()
    # A facilitator unless the coordinator chooses otherwise: full rights are never the default.
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Staff.Role.FACILITATOR, Staff.Role.FACILITATOR.label),
            (Staff.Role.COORDINATOR, Staff.Role.COORDINATOR.label),
        ],
        initial=Staff.Role.FACILITATOR,
        widget=forms.RadioSelect,
        help_text=_(
            "A coordinator sees and approves every agreement of the institution and manages its staff."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "The link to set their own password is sent here; without an address, you get the link "
            "to send by hand. It also lets them reset a forgotten password."
        ),
    )


class NewInstitutionForm(NewLoginMixin, forms.ModelForm):
    """An institution that starts using the application, and the coordinator who will run it."""

    region = RegionField(label=_("Village"), required=False)
    coordinator_first_name = forms.CharField(label=_("Coordinator's first name"), max_length=150)
    coordinator_last_name = forms.CharField(
        label=_("Coordinator's last name"), max_length=150, required=False
    )
    username = username_field()
    coordinator_email = forms.EmailField(
        label=_("Coordinator's e-mail"),
        required=False,
        help_text=_(
            "The link to set their own password is sent here; without one, you get it to send by hand."
        ),
    )
    coordinator_phone = forms.CharField(label=_("Coordinator's phone"), max_length=30, required=False)

    class Meta:
        model = Institution
        fields = ["name", "kind", "address", "region", "phone", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def service_data(self):
        """The keyword arguments of ``services.institution_create``."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self._meta.fields},
            "coordinator": {
                "first_name": data["coordinator_first_name"],
                "last_name": data["coordinator_last_name"],
                "username": data["username"],
                "email": data["coordinator_email"],
                "phone": data["coordinator_phone"],
            },
        }


class ActingOfficerForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Who is acting now?"),
        queryset=Member.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = Member.in_order(group.officers())
        self.fields["officer"].label_from_instance = lambda m: m.name_with_position


AGREEMENT_WIDGETS = {
    "start_date": DATE_INPUT,
    "end_date": DATE_INPUT,
    "purpose": forms.Textarea(attrs={"rows": 3}),
    "institution_commits": forms.Textarea(attrs={"rows": 4}),
    "institution_excludes": forms.Textarea(attrs={"rows": 3}),
    "group_commits": forms.Textarea(attrs={"rows": 4}),
    "reason": forms.Textarea(attrs={"rows": 3}),
    "facilitators": forms.CheckboxSelectMultiple,
    "indicator_tolerance": forms.NumberInput(attrs={"min": 0, "max": 50, "inputmode": "numeric"}),
    "assessment_interval_months": forms.NumberInput(attrs={"min": 1, "max": 12, "inputmode": "numeric"}),
    "quorum_percent": forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}),
}
AGREEMENT_HELP = {
    "end_date": bounds.period_message(),
    "institution_commits": _("What the institution will do for the group."),
    "institution_excludes": _(
        "What the institution will not do, so that the group's own decisions stay its own."
    ),
    "group_commits": _("What the group takes on: contributions, meetings, records."),
}


class AgreementForm(OnceFormMixin, VersionedFormMixin, forms.ModelForm):
    """The agreement's text, while it is drafted, and who coordinates and facilitates it."""

    class Meta:
        model = Agreement
        fields = ["group", *Agreement.CONTENT_FIELDS, "coordinator", "facilitators"]
        widgets = AGREEMENT_WIDGETS
        help_texts = AGREEMENT_HELP

    def __init__(self, *args, institution, groups, can_assign=True, content=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who can log in are offered; someone deactivated is dropped on the next save.
        staff = Staff.objects.filter(institution=institution, user__is_active=True).select_related("user")
        User = get_user_model()
        self.fields["coordinator"].queryset = User.objects.filter(
            staff__in=staff.filter(role=Staff.Role.COORDINATOR)
        ).order_by("first_name")
        self.fields["facilitators"].queryset = User.objects.filter(
            staff__in=staff.filter(role=Staff.Role.FACILITATOR)
        ).order_by("first_name")
        for name in ("coordinator", "facilitators"):
            self.fields[name].label_from_instance = person_name
        if not can_assign:
            # Who coordinates and who facilitates is the coordinator's decision.
            del self.fields["coordinator"]
            del self.fields["facilitators"]
        if not content:
            # Once both parties agreed it, the text changes only through an amendment.
            for name in Agreement.CONTENT_FIELDS:
                del self.fields[name]
        if self.instance.pk:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups


class AmendmentForm(VersionedFormMixin, forms.ModelForm):
    """A proposed change to an agreement in force, starting from the text in force."""

    class Meta:
        model = AgreementAmendment
        fields = ["reason", *AgreementAmendment.CONTENT_FIELDS]
        widgets = AGREEMENT_WIDGETS
        help_texts = {
            **AGREEMENT_HELP,
            "reason": _("The other party reads this first: what should change, and why."),
        }

    def __init__(self, *args, agreement, **kwargs):
        kwargs.setdefault("instance", AgreementAmendment(agreement=agreement))
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        agreement = self.instance.agreement
        proposed = {name: cleaned.get(name) for name in AgreementAmendment.CONTENT_FIELDS}
        if all(value is not None for value in proposed.values()) and proposed == agreement.content():
            raise forms.ValidationError(
                _("Nothing differs from the agreement in force: change what should change.")
            )
        return cleaned


class EndEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the facilitation ending early?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=bounds.TEXT_LENGTH,
    )
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE_INPUT)

    def __init__(self, *args, agreement, **kwargs):
        self.agreement = agreement
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot be in the future."))
        earliest = min(self.agreement.start_date, timezone.localdate())
        if ended_on < earliest:
            raise forms.ValidationError(_("The end date cannot be before the agreement started."))
        return ended_on


class CodeForm(forms.Form):
    """A verification code typed from paper, to be checked."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_(
            "16 letters and digits, as printed beside the signatures, for example 7K2M-QX9P-4TDV-8HNB."
        ),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = verification.normalize(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 16 letters and digits. Check what you typed against the paper.")
            )
        return code


class HeldFileForm(forms.Form):
    """The PDF someone holds, to compare byte for byte with the file kept at approval."""

    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(label=_("The PDF file you have"))

    TOO_LARGE = _(
        "This file is larger than any document the application makes (20 MB at most), so it is not one."
    )

    @classmethod
    def for_request(cls, request):
        """The form for ``request``'s POST; a body too large for any kept PDF is refused unread."""
        if int(request.META.get("CONTENT_LENGTH") or 0) > cls.MAX_BYTES + 64 * 1024:
            form = cls({}, {})
            form.is_valid()
            form.errors["file"] = form.error_class([cls.TOO_LARGE])
            return form
        return cls(request.POST, request.FILES)

    def clean_file(self):
        held = self.cleaned_data["file"]
        if held.size > self.MAX_BYTES:
            raise forms.ValidationError(self.TOO_LARGE)
        return held

    def sha256(self):
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["file"].chunks():
            digest.update(chunk)
        return digest.hexdigest()


class ApproveForm(forms.Form):
    """What an approver was shown: the version and the edit number the page was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
