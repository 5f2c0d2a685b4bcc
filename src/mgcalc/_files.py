"""Writing files safely: whole or not at all, and never over an input.

Every file mgcalc writes (reports, exports, saved logs) goes through :func:`write_bytes`:
the content is written to a temporary file in the same folder, then renamed over the
target, so a failure (a full disk, a crash, a PDF printer that gives up) leaves no partial
file behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from mgcalc.errors import InvalidLogError

__all__ = ["check_not_input", "write_bytes", "write_text"]


def check_not_input(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Refuse an output path that is one of the inputs (it would overwrite the data).

    Raises
    ------
    InvalidLogError
        If ``output`` names the same file as an input.
    """
    target = Path(output).expanduser().resolve()
    for source in inputs:
        if Path(source).expanduser().resolve() == target:
            raise InvalidLogError(
                f"the output {Path(output).name} is also an input; choose another file name"
            )


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file next to the target, opened for writing, with the mode any new file
    gets under the user's umask (``tempfile.mkstemp`` would make it private, 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, then rename).

    Raises
    ------
    InvalidLogError
        If the folder cannot be written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = _create_temporary(folder, target.name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InvalidLogError(f"cannot write {target.name}: {exc.strerror or exc}") from exc
    return target


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))
