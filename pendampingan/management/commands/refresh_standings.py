"""Recount what waits in every open agreement whose counts are missing, outdated or from another
day. Run daily (cron, after midnight Asia/Jakarta): a due date passing makes things wait without
anyone changing the agreement."""

import time

from django.core.management.base import BaseCommand

from pendampingan import standing
from pendampingan.models import Agreement

CHUNK = 200


class Command(BaseCommand):
    help = "Recount what waits in each open agreement (daily; a page recounts only the few it shows)."

    def handle(self, *args, **options):
        started = time.monotonic()
        pks = list(standing.to_recount(Agreement.objects.open()).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            standing.recount(Agreement.objects.filter(pk__in=chunk).with_parties())
            elapsed = time.monotonic() - started
            self.stdout.write(f"{start + len(chunk)}/{len(pks)} agreements ({elapsed:.0f} s)")
        self.stdout.write(f"{len(pks)} agreements recounted in {time.monotonic() - started:.1f} s.")
