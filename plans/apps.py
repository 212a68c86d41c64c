from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Planning")

    def ready(self):
        from pendampingan import registry, verification
        from plans import hooks, journal, printing
        from plans.models import PlanRevision

        registry.waiting.register(hooks.plan_revisions_waiting)
        registry.agreement_sections.register(hooks.plan_section)
        registry.scale.register("plans.scale.year")
        registry.demo.register("plans.demo.seed_plans")
        verification.register_printer(PlanRevision, printing.revision_printed)
        registry.period_checks.register(hooks.plan_items_outside)
        for renderer in journal.RENDERERS:
            registry.journal_renderers.register(renderer)
