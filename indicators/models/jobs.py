"""The record of every import."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """The record of one import. The database row, not the broker, is the
    truth: a task claims the job by a conditional update and writes its result
    here; a job that never ran can be re-queued from this row alone."""

    class Kind(models.TextChoices):
        INDICATORS = "indicators", "Indicator definitions"
        NEIGHBOURS = "neighbours", "Statistical neighbours"
        BENCHMARKS = "benchmarks", "National benchmarks"
        RETURNS = "returns", "Quarterly return"
        LAIT = "lait", "DfE LAIT (every measure)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    options = models.JSONField(default=dict, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (
            self.Status.SUCCEEDED,
            self.Status.REJECTED,
            self.Status.FAILED,
        )
