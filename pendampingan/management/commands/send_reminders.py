from django.conf import settings
from django.core.management.base import BaseCommand

from pendampingan import reminders


class Command(BaseCommand):
    help = (
        "E-mail each user what is coming or waiting for them (meetings in the next two days, "
        "feedback to answer, confirmations, corrective actions due). Run it from cron; a reminder "
        "already sent is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "http://127.0.0.1:8000"),
            help="The address the links in the e-mails start with.",
        )

    def handle(self, *args, base_url, **options):
        sent = reminders.send(base_url, stdout=self.stdout)
        self.stdout.write(f"{sent} e-mail(s) sent.")
