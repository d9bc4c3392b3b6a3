"""The hostile-input corpus (tests/hostile/hostile.py), one test per case: each runs in a
subprocess with a hard limit on address space and wall time, and must give its expected
answer within its bound on CPU time and peak memory (1 s and 256 MiB unless it says).

The command-line cases run the release build of `eig` (`cargo build --release -p eig-cli`;
`EIG_CLI` names another); the Python cases run this interpreter with the installed package."""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("hostile", REPO / "tests" / "hostile" / "hostile.py")
hostile = importlib.util.module_from_spec(spec)
sys.modules["hostile"] = hostile
spec.loader.exec_module(hostile)

CLI = Path(os.environ.get("EIG_CLI", REPO / "target" / "release" / "eig"))
CASES = hostile.cases()


def test_the_corpus_has_at_least_100_cases_with_distinct_names():
    names = [c.name for c in CASES]
    assert len(names) >= 100
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case):
    if case.cli is not None or "EIG" in (case.python or ""):
        if not CLI.exists():
            pytest.skip(f"no release build of the CLI at {CLI}: cargo build --release -p eig-cli")
    outcome = hostile.run(case, str(CLI.resolve()), sys.executable)
    assert outcome.ok, f"{case.description}: {outcome.why}"
