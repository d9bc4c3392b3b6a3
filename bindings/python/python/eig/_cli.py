"""The ``eig`` command that the Python package installs: a person with Python but without
Rust checks a défi dossier, writes a template and reads the field guide.

    eig validate defi.json [--promotion eig-7] [--lang en] [--format json]
    eig template --promotion eig-7 --out defi.json
    eig fields --promotion eig-7 [--format markdown]
    eig schema challenge-submission-2024

The same core as the Rust command ``eig`` (``cargo install --path cli``), with the same output
for these commands. Exit code: 0 when every file is valid, 1 when one has an error, 2 for a
usage or reading problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import _eig

# The words of the messages about files; a report's layout is the core's.
_WORDS = {
    "fr": {
        "not_found": "{f} : fichier introuvable",
        "directory": "{f} : c'est un dossier, pas un fichier",
        "unreadable": "{f} : lecture impossible",
        "wrote": "écrit {f} : remplacez chaque valeur par la vôtre (le guide : eig fields "
        "--promotion {p}), puis eig validate {f}",
    },
    "en": {
        "not_found": "{f}: file not found",
        "directory": "{f}: is a directory, not a file",
        "unreadable": "{f}: cannot be read",
        "wrote": "wrote {f}",
    },
}


def _read(name: str, lang: str) -> Optional[bytes]:
    words = _WORDS[lang]
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        message = words["not_found"]
    except IsADirectoryError:
        message = words["directory"]
    except OSError:
        message = words["unreadable"]
    print(f"eig: {message.format(f=name)}", file=sys.stderr)
    return None


def _validate(args: argparse.Namespace) -> int:
    failed_io = any_error = False
    out = []
    for name in args.files:
        data = _read(name, args.lang)
        if data is None:
            failed_io = True
            continue
        report = _eig.validate(data, promotion=args.promotion, kind=args.kind)
        any_error |= not report.valid
        label = "<stdin>" if name == "-" else name
        # The layouts are the core's, as the Rust command prints them.
        if args.format == "json":
            out.append(report.to_json_entry(label, data, lang=args.lang))
        else:
            sys.stdout.write(report.to_text(label, data, lang=args.lang))
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 2 if failed_io else 1 if any_error else 0


def _template(args: argparse.Namespace) -> int:
    text = _eig.template_text(args.promotion, lang=args.lang, comments=not args.no_comments)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    Path(args.out).write_text(text, encoding="utf-8")
    print(_WORDS[args.lang]["wrote"].format(f=args.out, p=args.promotion), file=sys.stderr)
    return 0


def _fields(args: argparse.Namespace) -> int:
    sys.stdout.write(_eig.field_guide(args.promotion, lang=args.lang, format=args.format))
    return 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(_eig.schema(args.name), ensure_ascii=False, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eig",
        description="Check a défi dossier of the Entrepreneurs d'intérêt général programme.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def lang(command: argparse.ArgumentParser) -> None:
        command.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of the messages")

    validate = commands.add_parser("validate", help="check défi dossiers against their promotion's rules")
    validate.add_argument("files", nargs="+", help="JSON files; - reads standard input")
    validate.add_argument("--promotion", help="built-in rulebook (eig-7); default: the one each file names")
    validate.add_argument("--kind", default="challenge-submission", help="the kind of document")
    validate.add_argument("--format", choices=["human", "json"], default="human")
    lang(validate)
    validate.set_defaults(run=_validate)

    template = commands.add_parser("template", help="write a dossier with example values to fill in")
    template.add_argument("--promotion", required=True, help="built-in rulebook (eig-7)")
    template.add_argument("--out", help="the file to write; default: standard output")
    template.add_argument(
        "--no-comments", action="store_true", help="plain JSON, without the comment above each field"
    )
    lang(template)
    template.set_defaults(run=_template)

    fields = commands.add_parser("fields", help="print the field guide of a promotion's dossier")
    fields.add_argument("--promotion", required=True, help="built-in rulebook (eig-7)")
    fields.add_argument("--format", choices=["text", "markdown"], default="text")
    lang(fields)
    fields.set_defaults(run=_fields)

    schema = commands.add_parser("schema", help="print a published JSON Schema")
    schema.add_argument("name", help="challenge-submission, challenge-submission-2024, rulebook, ...")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ValueError as e:  # an unknown promotion or kind: said, not a traceback
        print(f"eig: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 141


if __name__ == "__main__":
    sys.exit(main())
