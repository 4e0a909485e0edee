"""Shared test settings: hypothesis runs without deadlines (the machine may be busy) and is reproducible."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=50,
)
settings.load_profile("course")
