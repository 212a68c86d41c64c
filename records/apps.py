from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Information system")

    def ready(self):
        from monitoring import deviations
        from pendampingan import registry, verification
        from records import hooks, journal, printing, rules
        from records.models import Minutes

        for rule in rules.RULES:
            deviations.rules.register(rule)
        deviations.origins.register(hooks.action_item_origin)
        for renderer in journal.RENDERERS:
            registry.journal_renderers.register(renderer)
        registry.waiting.register(hooks.meetings_waiting)
        registry.waiting.register(hooks.minutes_waiting)
        registry.waiting.register(hooks.feedback_waiting)
        registry.agreement_sections.register(hooks.records_section)
        registry.scale.register("records.scale.year")
        registry.demo.register("records.demo.seed_meetings")
        registry.demo.register("records.demo.seed_activity_records")
        verification.register_printer(Minutes, printing.minutes_printed)
