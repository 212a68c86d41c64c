"""A year of the information system for ``seed_scale``: a monthly meeting with its attendance and
minutes both parties confirmed, and written records of the activities done, each answered by the
other party. Written through the records' services."""

import datetime

from django.utils import timezone

from pendampingan.factories import agree
from plans.models import Activity
from records.factories import ActivityRecordFactory, FeedbackFactory, MeetingFactory, MinutesFactory, held

DAY = datetime.timedelta(days=1)
AGENDAS = [
    "Laporan kegiatan bulan lalu\nLaporan kas\nRencana bulan depan",
    "Laporan kas\nPembagian tugas kegiatan\nLain-lain",
    "Evaluasi kegiatan\nIuran anggota\nJadwal kunjungan pendamping",
]


def year(agreement, rng):
    today = timezone.localdate()
    members = [m.name for m in agreement.group.members.all()]
    day, month = agreement.start_date + 14 * DAY, 0
    while day < today:
        month += 1
        meeting = MeetingFactory(
            agreement=agreement,
            title=f"Pertemuan rutin bulan ke-{month}",
            held_on=day,
            agenda=rng.choice(AGENDAS),
        )
        held(meeting, absent=rng.sample(members, k=min(len(members), rng.randint(1, 5))))
        agree(MinutesFactory(meeting=meeting))
        day += 30 * DAY
    done = Activity.objects.in_force(agreement).filter(due_date__lt=today).order_by("due_date")[:6]
    for n, activity in enumerate(done):
        record = ActivityRecordFactory(activity=activity, done_on=activity.due_date)
        FeedbackFactory(record=record, expects_answer=n == 0)
