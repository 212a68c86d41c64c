from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from monitoring import content, deviations, health, hooks, journal, rules
        from pendampingan import prepared, registry

        for rule in rules.RULES:
            deviations.rules.register(rule)
        registry.activity_states.register(content.recorded_states)
        registry.waiting.register(hooks.late_activities_waiting)
        registry.waiting.register(hooks.owed_waiting)
        registry.agreement_sections.register(hooks.health_section)
        registry.agreement_sections.register(hooks.progress_section)
        registry.menu.register(hooks.portfolio_link)
        registry.scale.register("monitoring.scale.year")
        registry.recounted.register(health.keep)
        prepared.register("portfolio", "monitoring.portfolio_file", ("xlsx", "csv"))
        registry.demo.register("monitoring.demo.seed_progress")
        registry.demo.register("monitoring.demo.seed_indicator_values")
        registry.demo.register("monitoring.demo.seed_evidence")
        registry.demo.register("monitoring.demo.seed_deviations_and_actions")
        registry.demo.register("monitoring.demo.seed_assessments")
        registry.demo.register("monitoring.demo.seed_prepared_export")
        for renderer in journal.RENDERERS:
            registry.journal_renderers.register(renderer)
