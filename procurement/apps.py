from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("共同調達")

    def ready(self) -> None:
        from procurement import events  # noqa: F401 - registers verbs, events, dashboard, menu, beat
