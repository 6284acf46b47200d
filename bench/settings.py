"""Production settings with the benchmark's commands: what `make bench` runs its commands under.

The server it measures runs `portal.settings.production` itself; this adds only the bench app.
"""

from portal.settings.production import *  # noqa: F403
from portal.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
