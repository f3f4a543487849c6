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
