"""The mutual assessment read back: when the next round is due, what a complete round shows
side by side, and how the scores move from round to round. Computed when read."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.deviations import Deviation
from monitoring.models import AssessmentRound, Score
from pendampingan import charts
from pendampingan.models import Party

LOW = 2  # a score of 2 or less is low
LARGE_GAP = 2  # the other party's score and the self-score differ by 2 or more
CARD_DAYS = 14  # how long the parties have to fill in their cards

# The defaults both parties start from, in the words groups use; each party then edits the
# criteria it scores the other on.
DEFAULT_CRITERIA = {
    Party.INSTITUTION: [
        "Datang sesuai jadwal yang disepakati",
        "Menepati komitmen",
        "Menghormati keputusan kelompok (tidak mendominasi)",
        "Menjelaskan dengan jelas dan mudah dipahami",
        "Menanggapi permintaan kelompok tepat waktu",
    ],
    Party.GROUP: [
        "Anggota ikut serta dalam kegiatan",
        "Kelompok mengambil inisiatif",
        "Pencatatan kelompok terpelihara",
        "Menepati komitmen",
        "Memberi swadaya (kontribusi sendiri)",
    ],
}


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(agreement, rounds):
    """When the next round is due: ``interval`` months after the last one opened, or after the start."""
    last = max((r.opened_on for r in rounds), default=agreement.start_date)
    return add_months(last, agreement.assessment_interval_months)


def open_round(rounds):
    """The round whose cards are not both submitted yet, if any."""
    return next((r for r in rounds if not r.is_complete), None)


@dataclass
class Finding:
    """One criterion of a complete round: how the other party scored it, and the self-score."""

    criterion_id: int
    text: str
    about_party: str
    given: int | None
    given_comment: str
    own: int | None
    own_comment: str

    @property
    def gap(self):
        if self.given is None or self.own is None:
            return None
        return self.given - self.own

    @property
    def is_low(self):
        return self.given is not None and self.given <= LOW

    @property
    def is_large_gap(self):
        return self.gap is not None and abs(self.gap) >= LARGE_GAP

    @property
    def needs_action(self):
        return self.is_low or self.is_large_gap

    def key(self, round_):
        return f"assessment:{round_.pk}:{self.criterion_id}"


def findings(round_):
    """Side by side, for each criterion: the other party's score and the self-score.

    Only for a complete round: before that, nothing of one card reaches the other party.
    """
    if not round_.is_complete:
        return []
    rows = {}
    for card in round_.scorecards.all():
        for score in card.scores.all():
            row = rows.setdefault(
                score.criterion_id,
                Finding(score.criterion_id, score.criterion_text, score.about_party, None, "", None, ""),
            )
            if card.party == score.about_party:
                row.own, row.own_comment = score.score, score.comment
            else:
                row.given, row.given_comment = score.score, score.comment
    return sorted(rows.values(), key=lambda f: (f.about_party, f.criterion_id))


def finding_title(round_, finding):
    scorer = _("the group") if finding.about_party == Party.INSTITUTION else _("the institution")
    return _("Round %(number)s: %(criterion)s — scored %(given)s by %(scorer)s, %(own)s by itself") % {
        "number": round_.number,
        "criterion": finding.text,
        "given": finding.given if finding.given is not None else "—",
        "scorer": scorer,
        "own": finding.own if finding.own is not None else "—",
    }


def rounds_of(snapshot):
    """The assessment rounds of the snapshot's agreements, newest first, with their cards and scores."""

    # The scores in their card's order but not by criterion: that order (Score's default) joins every
    # criterion of every agreement, and findings() sort by criterion themselves.
    scores = Score.objects.order_by("scorecard_id", "about_party", "pk")

    def load(s):
        return list(
            AssessmentRound.objects.filter(agreement__in=list(s.agreements))
            .prefetch_related(Prefetch("scorecards__scores", queryset=scores))
            .order_by("agreement", "-number")
        )

    return snapshot.load("assessment_rounds", load)


def assessment_findings(snapshot):
    """The deviation rule: low scores and large gaps of each agreement's latest complete round."""
    latest = {}
    for round_ in rounds_of(snapshot):
        if round_.is_complete and round_.agreement_id not in latest:
            latest[round_.agreement_id] = round_
    for agreement_pk, round_ in latest.items():
        url = reverse("monitoring:round", kwargs={"pk": agreement_pk, "number": round_.number})
        for finding in findings(round_):
            if finding.needs_action:
                yield Deviation(
                    agreement_id=agreement_pk,
                    kind="assessment",
                    key=finding.key(round_),
                    party=finding.about_party,
                    title=finding_title(round_, finding),
                    detail=finding.given_comment,
                    since=timezone.localtime(round_.completed_at).date(),
                    url=url,
                )


def trend(rounds):
    """``[(text, about party, [(round number, given, own)])]`` over the complete rounds."""
    rows = {}
    for round_ in rounds:
        for finding in findings(round_):
            row = rows.setdefault(finding.criterion_id, (finding.text, finding.about_party, []))
            row[2].append((round_.number, finding.given, finding.own))
    return sorted(rows.values(), key=lambda r: (r[1], r[0]))


def trend_chart(rounds):
    """The average score each party was given, round after round, as a line each."""
    complete = [r for r in rounds if r.is_complete]
    series = []
    for about, label in (
        (Party.INSTITUTION, _("The institution, scored by the group")),
        (Party.GROUP, _("The group, scored by the institution")),
    ):
        averages = []
        for round_ in complete:
            given = [f.given for f in findings(round_) if f.about_party == about and f.given is not None]
            averages.append(round(sum(given) / len(given), 1) if given else None)
        series.append((label, averages))
    return charts.line_chart(
        _("Average score given, per round"),
        [_("Round %(number)s") % {"number": r.number} for r in complete],
        series,
        formatter=charts.one_decimal,
        maximum=5,
        alt=_("Average score given to each party, per round; the table gives the scores."),
    )
