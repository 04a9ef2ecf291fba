from django.db import models


class RegistryVersion(models.Model):  # noqa: DJ008 - an internal counter row, never shown
    """A stamp (0: as seeded; then a fresh random number) changed whenever the data behind a set of figures changes (study kinds added,
    renamed or retired …): every process compares it with the version it last loaded and
    reloads those figures when it moved. See :func:`lixing.figures.registry.figures_changed`."""

    name = models.CharField(max_length=60, primary_key=True)
    version = models.BigIntegerField(default=0)
