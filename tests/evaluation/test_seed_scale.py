"""seed_scale: many groups of the demo institution, each with a year of records that reads like one
its users wrote, the first ones through the services and the rest copies under their own names."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from evaluation.models import Evaluation
from monitoring.models import ActivityProgress, AssessmentRound, CorrectiveAction, Evidence, ReportedDeviation
from pendampingan import verification
from pendampingan.access import OFFICER_SESSION_KEY
from pendampingan.factories import InstitutionFactory, StaffFactory, UserFactory
from pendampingan.models import Agreement, CommunityGroup, JournalEvent, Staff, Verification
from plans.models import Activity
from records.models import Attendance, Meeting, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_institution(settings):
    settings.DEBUG = True
    institution = InstitutionFactory(name="Yayasan Bina Swadaya Banyumas")
    for username, role in [
        ("koordinator", Staff.Role.COORDINATOR),
        ("pendamping", Staff.Role.FACILITATOR),
        ("pendamping.dewi", Staff.Role.FACILITATOR),
    ]:
        StaffFactory(user=UserFactory(username=username), institution=institution, role=role)
    return institution


def scale(groups, prototypes=2):
    call_command("seed_scale", groups=groups, prototypes=prototypes, stdout=io.StringIO())
    return list(CommunityGroup.objects.filter(account__username__startswith="skala.").order_by("pk"))


def year_of(group):
    agreement = group.agreements.get()
    return {
        "members": group.members.count(),
        "activities": Activity.objects.in_force(agreement).count(),
        "progress": ActivityProgress.objects.filter(agreement=agreement).count(),
        "photos": Evidence.objects.filter(agreement=agreement).count(),
        "meetings": Meeting.objects.filter(agreement=agreement, attendance_recorded_at__isnull=False).count(),
        "attendance": Attendance.objects.filter(meeting__agreement=agreement).count(),
        "minutes confirmed": Minutes.objects.filter(agreement=agreement, confirmed_at__isnull=False).count(),
        "reported": ReportedDeviation.objects.filter(agreement=agreement).count(),
        "actions": CorrectiveAction.objects.filter(agreement=agreement).count(),
        "rounds": AssessmentRound.objects.filter(agreement=agreement).count(),
        "evaluations approved": Evaluation.objects.filter(
            agreement=agreement, approved_at__isnull=False
        ).count(),
        "journal": JournalEvent.objects.filter(agreement=agreement).count(),
    }


def test_it_writes_a_year_for_each_group_and_copies_read_as_their_own(demo_institution):
    groups = scale(6)
    assert len(groups) == 6 and len({g.name for g in groups}) == 6
    prototype, copy = groups[0], groups[2]  # group 2 copies group 0
    year = year_of(prototype)
    assert year["members"] == 20 and year["activities"] == 20
    assert year["meetings"] >= 9 and year["minutes confirmed"] == year["meetings"]
    assert year["attendance"] >= 9 * 18
    assert year["progress"] > 20 and year["photos"] > 3
    assert (year["reported"], year["actions"], year["rounds"], year["evaluations approved"]) == (2, 2, 1, 1)
    assert year_of(copy) == year

    agreement, copied = prototype.agreements.get(), copy.agreements.get()
    assert agreement.status == copied.status == Agreement.Status.ACTIVE
    assert copy.name in copied.title and prototype.name not in copied.title
    assert not set(copy.members.values_list("name", flat=True)) & set(
        prototype.members.values_list("name", flat=True)
    )
    keys = set(Activity.objects.in_force(copied).values_list("key", flat=True))
    assert keys.isdisjoint(Activity.objects.in_force(agreement).values_list("key", flat=True))
    assert (
        set(ActivityProgress.objects.filter(agreement=copied).values_list("activity_key", flat=True)) <= keys
    )
    # The copy's approvals are its own parties': its login and the coordinator.
    assert {e.user for e in JournalEvent.objects.filter(agreement=copied, party="group")} == {copy.account}
    # Each approved document of the copy has its own code, whose digest is of the copy's content.
    codes = Verification.objects.filter(object_id__in=[copied.pk], content_type__model="agreement")
    for found in codes:
        document = found.content_type.get_object_for_this_type(pk=found.object_id)
        assert found.digest == verification.digest(document.canonical_content(found.version))
    assert not codes.filter(
        code__in=Verification.objects.filter(object_id=agreement.pk).values("code")
    ).exists()


def test_a_third_of_the_groups_are_the_second_facilitator_s(demo_institution):
    groups = scale(6, prototypes=3)
    dewi = [g for g in groups if g.agreements.get().facilitators.filter(username="pendamping.dewi").exists()]
    assert len(dewi) == 2


def test_it_adds_only_what_is_missing_and_names_the_same_groups_again(demo_institution):
    first = [g.name for g in scale(3)]
    assert [g.name for g in scale(3)] == first
    assert CommunityGroup.objects.count() == 3
    assert [g.name for g in scale(5)][:3] == first
    assert Agreement.objects.count() == 5


def test_its_pages_open_for_each_party_of_a_copy_and_stay_shut_to_others(demo_institution):
    groups = scale(3)
    copy = groups[2]
    agreement = copy.agreements.get()
    url = f"/agreements/{agreement.pk}/"
    coordinator, agus = Client(), Client()
    coordinator.force_login(Staff.objects.get(user__username="koordinator").user)
    agus.force_login(Staff.objects.get(user__username="pendamping").user)
    group = Client()
    group.force_login(copy.account)
    session = group.session
    session[OFFICER_SESSION_KEY] = copy.members.get(position="chair").pk
    session.save()
    for client in (coordinator, agus, group):
        for page in (url, f"{url}journal/"):
            assert client.get(page).status_code == 200
    other = Client()
    other.force_login(groups[0].account)
    assert other.get(url).status_code == 404


def test_it_needs_the_demo_institution(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_scale", groups=1)
