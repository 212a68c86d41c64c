from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Planning")

    def ready(self):
        from pendampingan import registry
        from plans import demo, waiting

        registry.register_waiting(waiting.plan_revisions_waiting)
        registry.register_agreement_section(waiting.plan_section)
        registry.register_demo(demo.seed_plans)
