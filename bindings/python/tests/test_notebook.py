"""The example notebook runs from top to bottom on the public data (its cells assert counts)."""

import os
from pathlib import Path

import pytest

from conftest import REPO, public_data

NOTEBOOK = REPO / "examples" / "notebooks" / "promotions.ipynb"


def test_the_example_notebook_runs(tmp_path: Path) -> None:
    root = public_data()
    if not root.is_dir():
        pytest.skip(f"public EIG data not found at {root} (set EIG_PUBLIC_DATA)")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "the notebook is committed without outputs (they derive from the public data)"
    )
    os.environ["EIG_PUBLIC_DATA"] = str(root.resolve())
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 5, "five plots: défis, expertises, gender, the EIG 4 funnel, organisations"
