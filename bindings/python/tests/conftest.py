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
