"""Writes of the control room: roles and permissions, the two-step price import, retraining."""

import logging
import secrets
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from common.api_errors import DomainError
from controlroom.roles import CUSTOM_PERMISSIONS, ROLE_PERMISSIONS
from ml.tasks import retrain
from prices.services import price_records_import

logger = logging.getLogger(__name__)

UPLOAD_DIR = Path(tempfile.gettempdir()) / "moeitewaard-price-uploads"
UPLOAD_SALT = "controlroom.price-upload"
UPLOAD_MAX_AGE_SECONDS = 60 * 60
RETRAIN_CACHE_PREFIX = "controlroom:retrain:"
RETRAIN_CACHE_SECONDS = 24 * 60 * 60


class UploadExpiredError(DomainError):
    """The uploaded file of a preview is gone or its token is invalid: upload it again."""


def roles_setup(*, apps=django_apps) -> dict[str, int]:
    """Create the custom permissions and the staff groups with their permissions (idempotent).

    `apps` is the app registry, or the historical one inside a data migration. Permissions are
    only added, so a permission an administrator gave a group by hand stays.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    for app_config in apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    for app_label, model, codename, name in CUSTOM_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )

    counts = {}
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for pattern in patterns:
            app_label, codename = pattern.split(".", 1)
            queryset = Permission.objects.filter(content_type__app_label=app_label)
            if codename.endswith("*"):
                queryset = queryset.filter(codename__startswith=codename[:-1])
            else:
                queryset = queryset.filter(codename=codename)
            permissions.extend(queryset)
        group.permissions.add(*permissions)
        counts[role] = group.permissions.count()
    return counts


@dataclass(frozen=True)
class StoredUpload:
    token: str
    name: str


def price_upload_store(*, uploaded_file) -> StoredUpload:
    """Keep an uploaded CSV in a private temporary folder until it is confirmed; the returned
    signed token is the only way back to it."""
    UPLOAD_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_hex(16)
    with open(UPLOAD_DIR / f"{key}.csv", "wb") as handle:
        for chunk in uploaded_file.chunks():
            handle.write(chunk)
    return StoredUpload(token=signing.dumps(key, salt=UPLOAD_SALT), name=uploaded_file.name)


def price_upload_path(*, token: str) -> Path:
    """The stored file of a signed token; raises UploadExpiredError when it is not valid."""
    try:
        key = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE_SECONDS)
    except signing.BadSignature as exc:
        raise UploadExpiredError(
            _("The upload expired or is invalid; upload the file again.")
        ) from exc
    path = UPLOAD_DIR / f"{key}.csv"
    if not path.is_file():
        raise UploadExpiredError(_("The uploaded file is gone; upload it again."))
    return path


def price_upload_preview(*, token: str, origin: str, partner: str | None):
    """Dry-run the import of a stored upload: counts or row errors, nothing written."""
    path = price_upload_path(token=token)
    return price_records_import(source=path, dry_run=True, origin=origin, partner=partner)


def price_upload_import(*, token: str, origin: str, partner: str | None):
    """Import a stored upload (all rows or none); the file is removed after a clean import."""
    path = price_upload_path(token=token)
    result = price_records_import(source=path, origin=origin, partner=partner)
    if result.ok:
        path.unlink(missing_ok=True)
    return result


def retrain_start(*, requested_by: str) -> str:
    """Enqueue a retraining (after the transaction commits) and return its task id.

    The status is also kept in the cache, so an eager run (no broker) can be polled like a
    queued one.
    """
    task_id = uuid.uuid4().hex
    cache.set(f"{RETRAIN_CACHE_PREFIX}{task_id}", {"state": "PENDING"}, RETRAIN_CACHE_SECONDS)

    def enqueue() -> None:
        try:
            result = retrain.apply_async(kwargs={"force": True}, task_id=task_id)
        except Exception as exc:  # noqa: BLE001 - shown to the person who asked for it
            logger.exception("Retraining requested by %s failed", requested_by)
            status = {"state": "FAILURE", "error": f"{type(exc).__name__}: {exc}"}
        else:
            if not result.ready():
                return
            status = {"state": result.state, "result": result.result}
            if result.failed():
                status = {"state": "FAILURE", "error": str(result.result)}
        cache.set(f"{RETRAIN_CACHE_PREFIX}{task_id}", status, RETRAIN_CACHE_SECONDS)

    logger.info("Retraining requested by %s (task %s)", requested_by, task_id)
    transaction.on_commit(enqueue)
    return task_id
