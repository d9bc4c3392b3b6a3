"""The rules of the *Entrepreneurs d'intérêt général* programme, for Python.

Validate a défi submission against its promotion's rulebook and get every violation, with a
stable ``code``, a JSON Pointer ``path`` and messages in French and English:

>>> import eig
>>> report = eig.validate('{"promotion": "eig-4", "titel": "Signaux faibles"}')
>>> report.valid
False
>>> typo = [v for v in report.violations if v.path == "/titel"][0]
>>> typo.code, typo.message_en
('unknown_field', 'unknown field "titel"; did you mean "title"?')

The work is done by the Rust library ``eig``; this package is a thin layer over it.
"""

from . import assignment
from ._eig import (
    Report,
    Rulebook,
    Submission,
    ValidationError,
    Violation,
    __version__,
    load_submission,
    rulebooks,
    schema,
    validate,
    validate_many,
)

__all__ = [
    "Report",
    "assignment",
    "Rulebook",
    "Submission",
    "ValidationError",
    "Violation",
    "__version__",
    "load_submission",
    "rulebooks",
    "schema",
    "validate",
    "validate_many",
]
