from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendampinganConfig(AppConfig):
    name = "pendampingan"
    verbose_name = _("Facilitation")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        # pdf and reminders register their daily jobs (pendampingan.jobs.DAILY).
        from pendampingan import journal, pdf, printing, registry, reminders, verification  # noqa: F401
        from pendampingan.history import record_acting_officer
        from pendampingan.models import Agreement

        pre_create_historical_record.connect(record_acting_officer, dispatch_uid="record_acting_officer")
        verification.register_printer(Agreement, printing.agreement_printed)
        for renderer in journal.RENDERERS:
            registry.journal_renderers.register(renderer)
