from django.core.checks import Error, register


@register()
def disclosure_settings(app_configs, **kwargs):
    """Refuse to start with a disclosure threshold below the minimum."""
    from django.core.exceptions import ImproperlyConfigured

    from signals.perturbation import Params

    try:
        Params.from_settings()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="signals.E001")]
    return []
