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
