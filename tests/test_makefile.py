"""Finding 15: `make run` installs only the runtime dependencies; `make test` adds the test extras,
also in a venv that `make run` made; upper bounds only where a release is known to break us."""

import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def checkout(tmp_path):
    """The Makefile and pyproject.toml in an empty folder: a fresh clone without a venv."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _planned(checkout: Path, target: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", target], cwd=checkout, capture_output=True, text=True, check=True
    )
    return [line for line in result.stdout.splitlines() if "pip install" in line]


def test_make_run_installs_no_test_extras(checkout):
    installs = _planned(checkout, "run")

    assert installs, "make run installs the runtime dependencies"
    assert not [line for line in installs if "[test" in line], installs


def test_make_test_installs_the_test_extras_in_a_venv_made_by_make_run(checkout):
    venv = checkout / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    time.sleep(0.01)
    (venv / ".installed").touch()  # what `make run` leaves behind

    installs = _planned(checkout, "test")

    assert [line for line in installs if "'.[test]'" in line], installs


def test_every_upper_bound_says_why():
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]

    for requirement in requirements:
        if "<" not in requirement:
            continue
        line = next(line for line in lines if f'"{requirement}"' in line)
        comment = line.partition("#")[2].strip()
        above = lines[lines.index(line) - 1].strip()
        assert comment or above.startswith("#"), f"{requirement}: an upper bound needs a reason"
        assert not re.search(r"<\d+\.\d+\.\d+", requirement), requirement


def test_make_run_writes_a_development_env_file_once(checkout):
    """`make run` leaves a `.env` that the settings read, so `manage.py <anything>` needs no prefix;
    a second run keeps the developer's file (and its secret key) as it is."""
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "python").symlink_to(shutil.which("python3"))

    subprocess.run(["make", ".env"], cwd=checkout, capture_output=True, check=True)
    first = (checkout / ".env").read_text()
    subprocess.run(["make", ".env"], cwd=checkout, capture_output=True, check=True)

    assert "DJANGO_DEBUG=true" in first
    assert re.search(r"^DJANGO_SECRET_KEY=\S{50,}$", first, re.MULTILINE)
    assert (checkout / ".env").read_text() == first


def test_the_settings_read_env_file_but_the_environment_wins(tmp_path):
    env_file = tmp_path / "dev.env"
    env_file.write_text("DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=" + "k" * 50 + "\nLOG_LEVEL=DEBUG\n")
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY[:1])"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "moeitewaard.settings",
        "DJANGO_ENV_FILE": str(env_file),
        "DJANGO_SECRET_KEY": "e" * 50,
    }
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip

    assert result.stdout.split() == ["True", "e"]
