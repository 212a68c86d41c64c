"""Recount what waits in every open agreement whose counts are missing, outdated or from another
day. Run daily (cron, after midnight Asia/Jakarta): a due date passing makes things wait without
anyone changing the agreement."""

import time

from django.core.management.base import BaseCommand

from pendampingan import standing


class Command(BaseCommand):
    help = "Recount what waits in each open agreement (daily; a page recounts only the few it shows)."

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done, of):
            self.stdout.write(f"{done}/{of} agreements ({time.monotonic() - started:.0f} s)")

        count = standing.refresh(progress=progress)
        self.stdout.write(f"{count} agreements recounted in {time.monotonic() - started:.1f} s.")
