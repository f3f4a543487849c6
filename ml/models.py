"""Versions of the trained prediction models (success, cost, lifetime, intake assist)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelVersion(models.Model):
    """One training run: its data snapshot, holdout metrics, artifact and lifecycle status."""

    class Status(models.TextChoices):
        TRAINING = "training", _("training")
        ACTIVE = "active", _("active")
        CANDIDATE = "candidate", _("candidate")
        REJECTED = "rejected", _("rejected")
        RETIRED = "retired", _("retired")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(max_length=40, unique=True, help_text="Human-readable, e.g. v3.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TRAINING)
    status_reason = models.TextField(blank=True)
    code_version = models.CharField(max_length=40)
    sklearn_version = models.CharField(max_length=20)
    data_snapshot = models.JSONField(default=dict, help_text="Row counts and a hash of the data.")
    metrics = models.JSONField(default=dict, help_text="Holdout metrics and their baselines.")
    artifact_path = models.CharField(max_length=300, blank=True)
    artifact_sha256 = models.CharField(max_length=64, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="active"),
                name="modelversion_single_active",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.status})"
