from django.apps import AppConfig


class NutritionConfig(AppConfig):
    name = "nutrition"
    verbose_name = "Nutrition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from nutrition import signals  # noqa: F401  (connects the receivers)
