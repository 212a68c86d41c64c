"""Two-party approval, one mechanism for agreements, amendments, plans and, later, minutes and evaluations.

A party approves exactly the content its page showed: the form carries the
version and the edit number it was read at, and the subject's agreement and the
subject itself are locked while the approval is recorded, so an edit made
meanwhile makes the approval fail as outdated instead of counting for content
the approver never saw. Each party's approval is a journal event. The approval
that completes the pair calls the subject's ``approved_by_both``, is a second,
joint event, issues the verification codes and, once committed, keeps the PDFs;
a replayed approval records nothing.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from pendampingan import journal, pdf, verification
from pendampingan.access import APPROVERS, ENDED, visible_agreements
from pendampingan.models import Agreement, Approval, Refused

NOT_A_PARTY = _("Only the two parties of the agreement write or approve in it.")
NO_OFFICER = _("Choose which officer is acting before saving anything.")


def locked(subject):
    """``subject`` read again under a row lock; call inside a transaction."""
    return type(subject).objects.select_for_update().get(pk=subject.pk)


def lock_agreement(agreement_id):
    """Lock the agreement's row: every rule across an agreement's rows is checked holding it.

    Taken first, always, so that two writers to one agreement queue up in the same order.
    """
    return Agreement.objects.select_for_update().get(pk=agreement_id)


def require_party(agreement, actor):
    """Refuse ``actor`` unless they write for one of ``agreement``'s two parties: its coordinator or a
    facilitator of the institution, or the group's shared login with the officer acting named.

    The services check it themselves, so a job, an import or a sync holds to it as a page does.
    """
    if actor.party is None or not visible_agreements(actor).filter(pk=agreement.pk).exists():
        raise Refused(NOT_A_PARTY)
    if actor.is_group and actor.officer is None:
        raise Refused(NO_OFFICER)


def lock_open_agreement(agreement_id, *, actor):
    """``lock_agreement`` for ``actor``'s write to an agreement's content: refused once the agreement
    ended, or when ``actor`` is not one of its parties."""
    agreement = lock_agreement(agreement_id)
    if not agreement.is_open:
        raise Refused(ENDED)
    require_party(agreement, actor)
    return agreement


@transaction.atomic
def approve(*, subject, actor, version, lock_version):
    """Record the approval; the one completing the pair calls ``subject.approved_by_both(actor)``.

    Returns the subject as read under the lock and the approval, or None for a replay.
    """
    agreement = lock_agreement(subject.agreement.pk)
    # Whoever calls (a page, a job, an import), an approval is a party's, and on a group's shared
    # login it names the officer who gave it. Which role approves each kind is the access's rule.
    require_party(agreement, actor)
    if not subject.approves(actor):
        raise Refused(APPROVERS)
    subject = agreement if isinstance(subject, Agreement) else locked(subject)
    if hasattr(subject, "agreement_id"):
        subject.agreement = agreement
    refusal = subject.approval_refused(agreement)
    if refusal:
        raise Refused(refusal)
    # What follows from the approval is the approver's change in the history.
    subject._history_user, subject._history_officer = actor.user, actor.officer
    approval = subject.add_approval(actor=actor, version=version, lock_version=lock_version)
    if approval is None:
        return subject, approval
    approved, agreed = subject.journal_kinds
    summary = {**subject.journal_summary(), "version": approval.version}
    journal.record(actor=actor, agreement=agreement, kind=approved, obj=subject, **summary)
    if subject.is_approved_by_both():
        subject.approved_by_both(actor)
        # Completing the pair is both parties' doing; the event names who completed it.
        journal.record(actor=actor, agreement=agreement, kind=agreed, obj=subject, party="", **summary)
        for document, version in subject.verified_documents():
            verification.issue(document, version)
        # The paper is fixed by the approval itself, whoever approved: a page, the demo, a job.
        pdf.keep_approved(subject)
    return subject, approval


def approve_as_shown_now(*, subject, actor):
    """Approve ``subject`` as it stands now, as someone opening its page now would (demo, tests)."""
    subject.refresh_from_db()
    return approve(subject=subject, actor=actor, version=subject.version, lock_version=subject.lock_version)


def unapproved(subjects, party):
    """Those of ``subjects`` (a queryset of one approvable kind) whose current version ``party``
    has not approved, found by the database: what a list of things waiting for a party reads,
    without reading every approval of every subject."""
    approved = Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(subjects.model),
        object_id=OuterRef("pk"),
        version=OuterRef("version"),
        party=party,
    )
    return subjects.filter(~Exists(approved))


def awaiting(actor, subjects):
    """The subjects whose current version still waits for the approval of ``actor``'s party.

    Only those who approve for a party are waited for: the group's login and coordinators.
    """
    if not (actor.is_group or actor.is_coordinator):
        return []
    return [s for s in subjects if s.approval_by(actor.party) is None]
