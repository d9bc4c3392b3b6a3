import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "conformance" / "cases"
EXAMPLES = REPO / "examples" / "submissions"


def load_case(directory: Path) -> dict:
    return json.loads((directory / "case.json").read_text(encoding="utf-8"))


@pytest.fixture
def valid_doc() -> dict:
    return json.loads((EXAMPLES / "eig-5-valid-flood-alerts.json").read_text(encoding="utf-8"))


def public_data() -> Path:
    return Path(os.environ.get("EIG_PUBLIC_DATA", REPO.parent / "shared" / "data" / "eig-public"))


def _in_ci() -> bool:
    return os.environ.get("CI", "") not in ("", "0", "false")


def pytest_sessionfinish(session, exitstatus):
    """Under CI (`CI` set, as `.ci/run` and CI services do) a skipped test fails the run: the
    test command installs everything the tests need, so a skip means a check did not run."""
    if not _in_ci():
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        lines = [f"  {getattr(r, 'nodeid', '') or r.fspath}: {r.longrepr}" for r in skipped]
        reporter.write_line(f"CI is set and {len(skipped)} test(s) were skipped:", red=True)
        for line in lines:
            reporter.write_line(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
