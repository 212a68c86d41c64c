from django.core.management.base import BaseCommand, CommandError

from pendampingan import pdf


class Command(BaseCommand):
    help = (
        "Keep the PDF of every approved document whose file could not be kept when it was approved "
        "(the approval tries at once; run this from cron to catch what failed). Each file is drawn "
        "from the content both parties approved, so it is the file the approval would have kept."
    )

    def handle(self, *args, verbosity=1, **options):
        waiting = list(pdf.missing())
        failed = [found for found in waiting if not pdf.keep_now(found)]
        if verbosity:
            self.stdout.write(f"{len(waiting) - len(failed)} of {len(waiting)} file(s) kept.")
        if failed:
            raise CommandError(f"{len(failed)} file(s) could not be kept; the log says why.")
