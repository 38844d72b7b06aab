from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo data set (``manage.py seed_demo``) and development-only demo
    tooling. No models; imports every app, and no app imports it."""

    name = "demo"
