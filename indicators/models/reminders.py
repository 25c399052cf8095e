"""The record of each reminder to officers whose figures are missing."""

from __future__ import annotations

from django.db import models

from indicators.mail import Delivery
from indicators.models.catalogue import Indicator
from indicators.models.periods import Period


class FigureReminder(Delivery):
    """One reminder per indicator, period and deadline: inserting this row is
    how a reminder job claims the right to send it, so two beat processes
    cannot both send one. Its delivery fields (indicators.mail.Delivery) say
    how the sending went; `failed_recipients` are those of `recipients` whose
    mail server refused it, tried again by a later run."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)
    failed_recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "deadline"], name="figure_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.indicator_id}/{self.period_id} for {self.deadline}"
