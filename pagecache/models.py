from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """
    One row: the stamp counter, when stamps live in the database (pagecache/stamps.py).

    Each transaction that changes what pages show moves it on once, to a number
    above every earlier one (and never below the clock's milliseconds times 1000, so
    that a restored backup's older number is left behind by the next write), and
    stamps the keys it changed with that number.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return f"Content generation {self.value}"


class Stamp(models.Model):
    """
    When pages showing one key (wiki/shown.py) last changed: the counter's number
    of the write that changed them. A cached page made when the counter stood at
    N is current while none of its keys bears a stamp above N.
    """

    name = models.CharField(max_length=255, unique=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")

    def __str__(self):
        return f"{self.name} @ {self.value}"
