from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from evaluation import hooks, journal, printing
        from evaluation.models import Evaluation
        from pendampingan import prepared, registry, verification

        for renderer in journal.RENDERERS:
            registry.journal_renderers.register(renderer)
        registry.waiting.register(hooks.evaluations_waiting)
        registry.agreement_sections.register(hooks.evaluations_section)
        registry.menu.register(hooks.portfolio_report_link)
        registry.scale.register("evaluation.scale.year")
        registry.demo.register("evaluation.demo.seed_evaluations")
        verification.register_printer(Evaluation, printing.evaluation_printed)
        prepared.register("evaluation_portfolio", "evaluation.portfolio_report", ("pdf",))
