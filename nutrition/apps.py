from django.apps import AppConfig


class NutritionConfig(AppConfig):
    name = "nutrition"
    verbose_name = "Nutrition"
    default_auto_field = "django.db.models.BigAutoField"
    # Every model here is something patients may see: saving one moves the content version on
    # (portal.caching.signals), except those listed in NOT_SHOWN_MODELS there.
    shows_patient_content = True

    def ready(self):
        from nutrition import signals  # noqa: F401  (connects the receivers)
