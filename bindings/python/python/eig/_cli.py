"""The ``eig`` command that the Python package installs: the Rust command line itself, which
the extension runs (``_eig.run_cli``), so that a person with Python but without Rust has every
subcommand (``validate``, ``template``, ``fields``, ``serve``, ``score``, ``stats``…) with the
same output, byte for byte, as ``cargo install --path cli`` gives.

    eig validate defi.json [--promotion eig-7] [--lang en] [--format json]
    eig template --promotion eig-7 --out defi.json
    eig serve

Exit code: 0 when every file is valid, 1 when one has an error, 2 for a usage or reading
problem. Ctrl-C ends it as it ends the Rust command (the signal's default action), never
halfway through with a report printed from partial work.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Optional, Sequence

from . import _eig


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line on ``argv`` (``sys.argv[1:]`` when not given); returns its exit
    status. While it runs, Ctrl-C ends the process, as it ends the Rust command."""
    args = [os.fsdecode(a) for a in (sys.argv[1:] if argv is None else argv)]
    # What Python printed before goes first: the command writes to the same streams.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_DFL)
    except ValueError:  # not the main thread: the caller keeps its own handling
        previous = None
    try:
        return _eig.run_cli(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    sys.exit(main())
