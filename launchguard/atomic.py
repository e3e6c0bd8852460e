"""Atomic file writes: the file appears whole or not at all (temporary file + rename)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path`; on any OSError the temporary file is removed and it re-raises.

    A symlink is followed (the link stays, its target is replaced). A target that exists and is
    not a regular file (`/dev/stdout`, a named pipe) is written in place: renaming over it would
    replace the device with a file."""
    try:
        mode = path.stat().st_mode  # the kernel follows links: /dev/stdout -> a pipe
    except FileNotFoundError:
        mode = stat.S_IFREG | (0o666 & ~_umask())  # what open() would have created
    if not stat.S_ISREG(mode):
        with path.open("wb") as f:
            f.write(data)
        return
    target = Path(os.path.realpath(path))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchmod(f.fileno(), stat.S_IMODE(mode))  # mkstemp's 0600 is not the user's choice
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask
