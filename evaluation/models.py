"""Evaluation (evaluasi): at the end of an activity, a stage or the agreement's plan cycle, what it
achieved, how effectively and efficiently, in both parties' words, as the basis of the next plan.

The figures are computed from the record (``evaluation.results``), never typed. Each party
writes its own assessment; the conclusions and recommendations are joint; the evaluation is
final once both parties approve it, and its figures are then kept as they were approved.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendampingan import bounds
from pendampingan.models import Agreement, Approvable, Authored, Party, domain_history


def _text(label):
    return models.TextField(label, blank=True, max_length=bounds.LONG_TEXT_LENGTH)


class Evaluation(Authored, Approvable):
    class Level(models.TextChoices):
        ACTIVITY = "activity", _("An activity")
        STAGE = "stage", _("A stage")
        CYCLE = "cycle", _("The plan cycle")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("agreement")
    )
    level = models.CharField(_("what is evaluated"), max_length=8, choices=Level.choices)
    cycle = models.PositiveSmallIntegerField(_("plan cycle"))
    # The activity or stage evaluated, by the key that survives plan revisions; none for a cycle.
    subject_key = models.UUIDField(_("activity or stage"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=bounds.TITLE_LENGTH)
    institution_worked = _text(_("what worked, in the institution's view"))
    institution_did_not = _text(_("what did not work, in the institution's view"))
    institution_why = _text(_("why, in the institution's view"))
    institution_lessons = _text(_("lessons, in the institution's view"))
    group_worked = _text(_("what worked, in the group's view"))
    group_did_not = _text(_("what did not work, in the group's view"))
    group_why = _text(_("why, in the group's view"))
    group_lessons = _text(_("lessons, in the group's view"))
    conclusions = _text(_("joint conclusions"))
    recommendations = _text(_("joint recommendations"))
    # The computed figures as both parties approved them: the evaluation reads the same afterwards.
    approved_results = models.JSONField(_("figures as approved"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    # The next cycle's plan drafted from this evaluation's recommendations.
    next_plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("next plan"),
    )
    history = domain_history(excluded_fields=["updated_at"])
    journal_kinds = ("evaluation.approved", "evaluation.final")

    OWN_FIELDS = {
        Party.INSTITUTION: [
            "institution_worked",
            "institution_did_not",
            "institution_why",
            "institution_lessons",
        ],
        Party.GROUP: ["group_worked", "group_did_not", "group_why", "group_lessons"],
    }
    JOINT_FIELDS = ["conclusions", "recommendations"]
    CONTENT_FIELDS = ["title", *OWN_FIELDS[Party.INSTITUTION], *OWN_FIELDS[Party.GROUP], *JOINT_FIELDS]

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["agreement", "-cycle", "level", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="cycle", subject_key__isnull=True)
                | (~Q(level="cycle") & Q(subject_key__isnull=False)),
                name="evaluation_subject_matches_level",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def approval_label(self):
        return _("the evaluation “%(title)s”") % {"title": self.title}

    @property
    def is_final(self):
        return self.approved_at is not None and self.is_approved_by_both()

    def journal_summary(self):
        return {"title": self.title}

    def approved_by_both(self, actor):
        from evaluation import report, results

        computed = results.compute(self, timezone.localdate())
        # The figures and the corrective actions of the period, as both parties saw them now.
        self.approved_results = {
            **results.as_data(computed),
            "problems": [problem.as_data() for problem in report.problems(self, computed)],
        }
        self.approved_at = timezone.now()
        self.save(update_fields=["approved_results", "approved_at", "updated_at"])

    def canonical_content(self, version):
        """The evaluation as both approved it: its texts and the figures kept with the approval."""
        return {
            "kind": "evaluation",
            "institution": self.agreement.institution.name,
            "group": self.agreement.group.name,
            "level": self.level,
            "cycle": self.cycle,
            "version": version,
            "content": {name: getattr(self, name) for name in self.CONTENT_FIELDS},
            "figures": self.approved_results,
        }

    def parts(self):
        """Each party's own assessment, side by side: (label, institution's text, group's text)."""
        labels = [_("What worked"), _("What did not work"), _("Why"), _("Lessons")]
        return [
            (label, getattr(self, institution), getattr(self, group))
            for label, institution, group in zip(
                labels, self.OWN_FIELDS[Party.INSTITUTION], self.OWN_FIELDS[Party.GROUP], strict=True
            )
        ]
