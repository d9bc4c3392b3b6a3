"""The ``eig`` command that the Python package installs: the Rust command line itself, which
the extension runs (``_eig.run_cli``), so that a person with Python but without Rust has every
subcommand (``validate``, ``template``, ``fields``, ``serve``, ``score``, ``stats``…) with the
same output, byte for byte, as ``cargo install --path cli`` gives.

    eig validate defi.json [--promotion eig-7] [--lang en] [--format json]
    eig template --promotion eig-7 --out defi.json
    eig serve

Exit code: 0 when every file is valid, 1 when one has an error, 2 for a usage or reading
problem, 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

from . import _eig


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line on ``argv`` (``sys.argv[1:]`` when not given); returns its exit
    status."""
    args = [os.fsdecode(a) for a in (sys.argv[1:] if argv is None else argv)]
    # What Python printed before goes first: the command writes to the same streams.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        return _eig.run_cli(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
