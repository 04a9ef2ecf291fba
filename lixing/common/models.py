from django.db import models


class TimeStampedModel(models.Model):
    """Base for every model of ours: when a row was created and last changed.

    Not indexed: no page filters by these, and an index on every table would tax every
    insert (a roster import writes 100k rows). A model that sorts big lists by creation
    adds its own composite index."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
