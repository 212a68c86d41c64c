from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Planning")

    def ready(self):
        from pendampingan import registry
        from plans import demo, hooks

        registry.register_waiting(hooks.plan_revisions_waiting)
        registry.register_agreement_section(hooks.plan_section)
        registry.register_demo(demo.seed_plans)
        registry.register_period_check(hooks.plan_items_outside)
