"""The Celery app. Without REDIS_URL every task runs eagerly in the calling process."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moeitewaard.settings")

app = Celery("moeitewaard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "retrain-nightly": {"task": "ml.tasks.retrain", "schedule": crontab(hour=3, minute=15)},
    # Mails written by requests: sent at once when the worker is nudged, else within a minute.
    "outbox-every-minute": {"task": "outbox.tasks.send_outbox", "schedule": 60.0},
    "maintenance-reminders-hourly": {
        "task": "maintenance.tasks.send_due_reminders",
        "schedule": crontab(minute=7),
    },
    "maintenance-follow-ups-daily": {
        "task": "maintenance.tasks.send_due_follow_ups",
        "schedule": crontab(hour=10, minute=0),
    },
    "retrain-when-enough-new-records": {
        "task": "ml.tasks.retrain_if_enough_new_records",
        "schedule": crontab(minute=30),
    },
    "reuse-retrain-nightly": {"task": "reuse.retrain", "schedule": crontab(hour=3, minute=45)},
}
