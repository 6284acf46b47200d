from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "treatments"
    verbose_name = "Treatments"
    default_auto_field = "django.db.models.BigAutoField"
    # Every model here is something patients may see: saving one moves the content version on
    # (portal.caching.signals), except those listed in NOT_SHOWN_MODELS there.
    shows_patient_content = True
