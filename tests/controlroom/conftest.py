"""Fixtures for the control room: the staff roles, one user per role, and verdict helpers."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from controlroom.roles import ADMINISTRATORS, COALITION_STAFF, DATA_STEWARD

PASSWORD = "control-room-test-password-1"


@pytest.fixture
def roles(db):
    """The groups and custom permissions (a flushed database lost the data migration's rows)."""
    call_command("setup_roles", verbosity=0)


def _user(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def coalition_staff(roles):
    return _user("staff", COALITION_STAFF)


@pytest.fixture
def data_steward(roles):
    return _user("steward", DATA_STEWARD)


@pytest.fixture
def administrator(roles):
    return _user("admin", ADMINISTRATORS)


@pytest.fixture
def staff_client(client, coalition_staff):
    client.force_login(coalition_staff)
    return client


@pytest.fixture
def steward_client(client, data_steward):
    client.force_login(data_steward)
    return client
