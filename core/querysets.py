from django.db import models


class PublishedQuerySet(models.QuerySet):
    """For models with an ``is_published`` flag: what the public may see."""

    def published(self):
        return self.filter(is_published=True)
