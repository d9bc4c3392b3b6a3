"""Docstring examples run as tests, and the stubs agree with the runtime."""

import doctest
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import eig
import eig._eig as native
import eig.assignment

OBJECTS = [eig, eig.assignment] + [getattr(native, name) for name in dir(native) if not name.startswith("__")]


def test_docstring_examples_run():
    globs = {name: getattr(eig, name) for name in eig.__all__}
    globs["eig"] = eig
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    finder = doctest.DocTestFinder(exclude_empty=True)
    examples = 0
    for obj in OBJECTS:
        scope = {**vars(obj), **globs} if inspect.ismodule(obj) else dict(globs)
        for test in finder.find(obj, getattr(obj, "__name__", "eig"), module=False, globs=scope):
            examples += len(test.examples)
            runner.run(test)
        for attr in dir(obj) if isinstance(obj, type) else []:
            member = getattr(obj, attr)
            doc = getattr(member, "__doc__", None)
            if attr.startswith("_") or not doc or ">>>" not in doc:
                continue
            test = doctest.DocTestParser().get_doctest(doc, dict(globs), f"{obj.__name__}.{attr}", None, 0)
            examples += len(test.examples)
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert examples >= 10, examples
    assert result.failed == 0


def test_stubs_match_the_runtime():
    pytest.importorskip("mypy")
    allow = Path(__file__).with_name("stubtest-allowlist.txt")
    env = dict(os.environ, MYPYPATH="")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "eig", "--allowlist", str(allow)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_package_is_typed():
    root = Path(eig.__file__).parent
    assert (root / "py.typed").exists()
    assert (root / "_eig.pyi").exists()


def python_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, current = True, []
        elif line.strip() == "```" and inside:
            inside = False
            # A block inside a list item is indented with it.
            blocks.append(textwrap.dedent("\n".join(current)) + "\n")
        elif inside:
            current.append(line)
    return blocks


@pytest.mark.parametrize("readme", ["README.md", "bindings/python/README.md"])
def test_readme_python_blocks_run(readme):
    from conftest import REPO

    blocks = python_blocks(REPO / readme)
    assert blocks, f"{readme} has no Python example"
    for block in blocks:
        if ">>>" in block:
            test = doctest.DocTestParser().get_doctest(block, {"eig": eig}, readme, readme, 0)
            runner = doctest.DocTestRunner()
            runner.run(test)
            assert runner.summarize(verbose=False).failed == 0
        else:
            exec(compile(block, readme, "exec"), {})


def _stub_literals() -> dict[str, list[str]]:
    """The `Literal` aliases of the native module's stubs, by name."""
    import ast

    tree = ast.parse((Path(eig.__file__).parent / "_eig.pyi").read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Subscript):
            if getattr(node.value.value, "id", None) == "Literal":
                values = node.value.slice
                items = values.elts if isinstance(values, ast.Tuple) else [values]
                out[node.targets[0].id] = [i.value for i in items]
    return out


def test_literal_types_are_the_values_the_runtime_takes(tmp_path):
    """Every value a stub's `Literal` lists is accepted at run time, and one it does not list
    is refused: mypy and the runtime agree on each string parameter."""
    from conftest import REPO

    lit = _stub_literals()
    assert set(lit) >= {"_Lang", "_Kind", "_By", "_Policy", "_Calibration", "_Aggregation", "_Format", "_Optimal"}
    # Every kind of document, no more: one per published schema.
    published = sorted(p.name.removesuffix(".schema.json") for p in (REPO / "schema").glob("*.schema.json"))
    assert sorted(lit["_Kind"]) == published
    for v in lit["_Kind"]:
        assert f"/eig/{v}/" in eig.schema(v)["$id"]
        eig.validate("{}", kind=v)
    with pytest.raises(ValueError):
        eig.schema("submission")
    import numpy as np

    cols = (np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1]), np.zeros(4, np.int64), np.array([1.0, 2.0, 3.0, 4.0]))
    for v in lit["_Calibration"]:
        eig.calibrate(*cols, method=v, min_scores=1)
        eig.aggregate(*cols, calibration=v, min_scores=1)
    for v in lit["_Aggregation"]:
        eig.aggregate(*cols, method=v, trim=0.1 if v == "trimmed_mean" else None, min_scores=1)
    with pytest.raises(ValueError):
        eig.calibrate(*cols, method="bayes")
    from eig.assignment import hospital_residents

    for v in lit["_Optimal"]:
        hospital_residents({"a": ["x"]}, {"x": ["a"]}, {"x": 1}, optimal=v)
    with pytest.raises(ValueError):
        hospital_residents({"a": ["x"]}, {"x": ["a"]}, {"x": 1}, optimal="both")
    teams = REPO / "examples" / "teams" / "teams.json"
    for v in lit["_Policy"]:
        eig.form_teams(teams, policy=v)
    with pytest.raises(ValueError):
        eig.form_teams(teams, policy="random")
    for v in lit["_Format"]:
        with pytest.raises(ValueError, match="not") as e:  # an empty folder: not of that format
            eig.import_site(tmp_path, format=v)
        assert "unknown format" not in str(e.value)
    with pytest.raises(ValueError, match="unknown format"):
        eig.import_site(tmp_path, format="site-eig-v4")
    ds = eig.load_dataset(_saved_dataset(tmp_path))
    for v in lit["_By"]:
        ds.stats(by=v)
    with pytest.raises(ValueError):
        ds.stats(by="year")
    for v in lit["_Lang"]:
        ds.summary(lang=v)
    with pytest.raises(ValueError):
        ds.summary(lang="de")


def _saved_dataset(tmp_path: Path) -> Path:
    """An empty valid dataset file (no source read)."""
    path = tmp_path / "dataset.json"
    doc = {"format": "eig-dataset", "version": 1, "sources": [], "promotions": [], "challenges": [],
           "organisations": [], "people": []}
    path.write_text(__import__("json").dumps(doc), encoding="utf-8")
    return path
