import pytest
from django.core.management import call_command

from monitoring.models import ActivityProgress
from monitoring.states import activity_states
from pendampingan.demo_kit import AGREEMENT
from pendampingan.models import Agreement
from plans.models import Activity

pytestmark = pytest.mark.django_db


def test_the_demo_records_progress_by_both_parties_once(settings):
    import datetime

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    entries = list(ActivityProgress.objects.filter(agreement=agreement))
    assert {e.author_party for e in entries} == {"institution", "group"}
    assert "pendamping" in {e.created_by.username for e in entries}
    assert len({e.created_by_officer_name for e in entries if e.author_party == "group"}) >= 2
    activities = list(Activity.objects.in_force(agreement))
    states = activity_states(activities, entries, datetime.date(2026, 11, 29)).values()
    assert sum(s.is_done for s in states) >= 3
    assert sum(s.is_done_late for s in states) == 1
    assert any(s.status == "in_progress" and not s.is_late for s in states)
    assert any(s.status == "postponed" and s.latest.problems for s in states)
    assert any(s.is_late and s.latest is None for s in states)


def test_the_demo_records_indicator_values_by_both_parties_once(settings):
    import datetime

    from monitoring.content import in_force_indicators, indicator_state
    from monitoring.models import IndicatorValue

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    values = list(IndicatorValue.objects.filter(agreement=agreement))
    assert len(values) == 9
    assert {v.author_party for v in values} == {"institution", "group"}
    today = datetime.date(2026, 11, 29)
    states = [
        indicator_state(agreement, i, [v for v in values if v.indicator_key == i.key], today)
        for i in in_force_indicators(agreement)
    ]
    assert sum(s.is_behind for s in states) == 1
    assert sum(s.latest is not None and not s.is_behind for s in states) >= 3
    assert any(s.latest is None for s in states)
    assert any(s.percent_label == "100%+" for s in states)


def test_the_demo_shows_every_automatic_deviation_and_the_whole_action_loop(settings):
    from django.utils import timezone

    from monitoring import deviations, health
    from monitoring.models import CorrectiveAction

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    found = deviations.find([agreement], timezone.localdate())[agreement.pk]
    kinds = {d.kind for d in found}
    assert kinds >= {
        "activity_overdue",
        "activity_started_late",
        "indicator_behind",
        "spending_over_plan",
        "action_overdue",
        "reported",
    }
    assert {d.reported.author_party for d in found if d.reported} == {"institution", "group"}
    actions = CorrectiveAction.objects.filter(agreement=agreement)
    assert {a.status for a in actions} == {"open", "done", "closed"}
    assert any(a.steps.filter(kind="reopened").exists() for a in actions)
    assert health.health_of([agreement], timezone.localdate())[agreement.pk].level == "off_track"


def test_the_demo_backs_progress_with_photos_and_a_scanned_list_once(settings):
    from monitoring.models import Evidence

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    evidence = list(Evidence.objects.filter(agreement__title=AGREEMENT))
    assert sorted(e.content_type for e in evidence) == ["application/pdf", "image/jpeg", "image/jpeg"]
    for item in evidence:
        assert item.progress_id and item.caption
        assert item.file.storage.exists(item.file.name)
        assert item.size == item.file.storage.size(item.file.name) < 100_000
        assert item.file.name.startswith("evidence/")


def test_the_demo_has_an_activity_updated_weekly_whose_next_entry_starts_from_the_last(client, settings):
    import datetime

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    activity = next(a for a in Activity.objects.in_force(agreement) if a.title.startswith("Penanaman"))
    dates = list(
        ActivityProgress.objects.filter(agreement=agreement, activity_key=activity.key).values_list(
            "reported_on", flat=True
        )
    )
    assert len(dates) >= 4
    assert {b - a for a, b in zip(dates, dates[1:], strict=False)} == {datetime.timedelta(days=7)}
    client.force_login(get_user_model().objects.get(username="pendamping"))
    url = reverse("monitoring:entry_create", kwargs={"pk": agreement.pk, "key": activity.key})
    form = client.get(url).context["form"]
    assert form.latest.reported_on == dates[-1] and form["percent_done"].value() == form.latest.percent_done


def test_the_demo_has_a_report_naming_its_commitment_and_the_action_opened_from_it(settings):
    from monitoring.models import ReportedDeviation

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(title=AGREEMENT)
    report = ReportedDeviation.objects.get(agreement=agreement, commitment_key__isnull=False)
    assert report.our_commitment
    action = agreement.corrective_actions.get(deviation_key=report.deviation_key)
    assert (action.commitment_key, action.details) == (report.commitment_key, report.our_commitment)
    assert ReportedDeviation.objects.filter(agreement=agreement, activity_key__isnull=False).exists()
