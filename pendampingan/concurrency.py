"""Two people editing the same thing, or one person clicking twice: each write happens once, on what was read.

Every edit form of a ``Versioned`` model carries the ``lock_version`` it was
read at (``VersionedFormMixin``). The service re-reads the row under a lock and
calls ``check_current``; if someone saved meanwhile, ``EditConflict`` says what
they changed, and the view shows the form again with what the person typed,
now based on the newer version, so a second save is a knowing one.
"""

import uuid

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pendampingan.models import Refused, Submission
from pendampingan.versions import content_changes


class EditConflict(Exception):
    """Someone saved the record after this edit's form was read.

    ``read`` is the record as the form was read (from its history, None if not
    kept), ``current`` as it is now, ``changes`` what differs between them.
    """

    def __init__(self, current, read, changes):
        super().__init__("edit conflict")
        self.current = current
        self.read = read
        self.changes = changes


def as_read(current, read_version):
    """The record as it stood at ``read_version``, from its history."""
    history = getattr(current, "history", None)
    if history is None:
        return None
    return history.filter(lock_version=read_version).order_by("-history_date", "-history_id").first()


def check_current(current, read_version, fields):
    """Raise ``EditConflict`` unless ``current`` (read under a lock) is still at ``read_version``."""
    if read_version is not None and current.lock_version != read_version:
        read = as_read(current, read_version)
        changes = content_changes(read, current, fields) if read is not None else []
        raise EditConflict(current, read, changes)


class OnceFormMixin:
    """A form that creates something carries a one-time key, so that posting it twice creates once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "instance", None) is None or not self.instance.pk:
            # Every page shown carries it; a client that leaves it out simply gets no protection.
            self.fields["submission"] = forms.UUIDField(
                widget=forms.HiddenInput, initial=uuid.uuid4, required=False
            )


def create_once(*, key, user, form, create):
    """Call ``create()`` once for the key ``key`` of the form ``form``; a repeat gets what the first made.

    Inside one transaction: the key's row is written first, so a second post with
    the same key waits for the first and then finds what it made. A key sent by
    another user or with another form is refused.
    """
    with transaction.atomic():
        submission, new = Submission.objects.select_for_update().get_or_create(
            key=key, defaults={"user": user, "form": form}
        )
        if not new:
            if (submission.user_id, submission.form) != (user.pk, form) or submission.created is None:
                raise Refused(_("This form was already sent. Open it again to add another."))
            return submission.created
        created = create()
        submission.created = created
        submission.save(update_fields=["content_type", "object_id"])
        return created


class VersionedFormMixin:
    """An edit form that remembers which saved version of its instance it was read at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1, initial=self.instance.lock_version
            )
            self.fields["lock_version"].error_messages["required"] = _(
                "The page was incomplete. Open the form again."
            )

    @property
    def read_version(self):
        return self.cleaned_data.get("lock_version") if self.instance.pk else None

    def edited_fields(self):
        return [name for name in self.fields if name not in {"lock_version", "submission"}]

    def rebase(self, conflict):
        """Base the form on the version saved meanwhile, keeping what this person changed.

        A field the person left as they read it takes the newer saved value, so
        saving again never undoes the other person's change; a field the person
        changed keeps what they typed. The form then says what changed meanwhile.
        """
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = conflict.current.lock_version
        if conflict.read is not None:
            for name in self.edited_fields():
                if self._left_as_read(name, conflict.read):
                    self._set_data(data, name, getattr(conflict.current, name))
        self.data = data
        self.conflict = conflict
        self.add_error(
            None,
            _(
                "Someone saved this while you were editing it, so your changes were not saved yet. "
                "Below, what you changed is kept and everything else shows what they saved; "
                "check it and save again."
            ),
        )

    def _model_field(self, name):
        try:
            return self.instance._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _left_as_read(self, name, read):
        model_field = self._model_field(name)
        if model_field is None or model_field.many_to_many or name not in self.cleaned_data:
            return False
        typed = self.cleaned_data[name]
        typed = getattr(typed, "pk", typed)
        return typed == getattr(read, model_field.attname)

    def _set_data(self, data, name, value):
        key = self.add_prefix(name)
        if isinstance(self.fields[name], forms.BooleanField):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
            return
        value = getattr(value, "pk", value)
        data[key] = "" if value is None else str(value)


def save_edit(form, save, *, user=None, **kwargs):
    """Call the service ``save`` with a valid form's data and the version it was read at.

    Returns what ``save`` returned, or None when the form must be shown again:
    someone saved meanwhile (the form keeps what was typed and shows their
    changes), or a rule across rows refused the data (the message goes next to
    the field it concerns).
    """
    data = {
        name: value for name, value in form.cleaned_data.items() if name not in {"lock_version", "submission"}
    }
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk:
        kwargs["read_version"] = form.read_version
    try:
        if form.cleaned_data.get("submission"):
            return create_once(
                key=form.cleaned_data["submission"],
                user=user,
                form=f"{type(form).__module__}.{type(form).__qualname__}",
                create=lambda: save(**kwargs, **data),
            )
        return save(**kwargs, **data)
    except EditConflict as conflict:
        form.rebase(conflict)
    except ValidationError as error:
        form.add_error(None, error)
    except Refused as refused:
        form.add_error(None, refused.message)
    return None
