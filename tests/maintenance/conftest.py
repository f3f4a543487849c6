"""Fixtures for the maintenance tests: the shipped maintenance tasks and demo locations."""

import pytest
from django.core.management import call_command


@pytest.fixture
def maintenance_tasks(catalogue):
    call_command("load_maintenance_tasks", verbosity=0)


@pytest.fixture
def second_life_locations(db):
    call_command("load_second_life_locations", verbosity=0)
