"""The last resort against a bug: a Rust panic reaches Python as PyO3's ``PanicException``,
a ``BaseException`` that ``except Exception`` misses. Every entry point of the package is
wrapped so that it becomes :class:`InternalError`, an ordinary exception with the code
``internal_error``. Errors in the input are never reported this way: they are violations or
``ValueError``/``TypeError`` naming what is wrong."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class InternalError(RuntimeError):
    """A bug in eig (a panic of the Rust library), raised as an ordinary exception. Please
    report it with the input that caused it."""

    code = "internal_error"


def guarded(f: F) -> F:
    """``f``, with a Rust panic raised as :class:`InternalError`."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except BaseException as e:
            if type(e).__name__ == "PanicException":
                raise InternalError(
                    f"internal error in eig.{getattr(f, '__name__', '?')}: {e}; "
                    "please report it with the input that caused it"
                ) from e
            raise

    return wrapper  # type: ignore[return-value]
