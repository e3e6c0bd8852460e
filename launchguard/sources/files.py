"""Files and folders on disk: git-aware listing, symlink policy, size cap, binary detection."""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from launchguard.config import DEFAULT_MAX_FILE_SIZE
from launchguard.errors import ConfigError
from launchguard.filters.allowlist import matches_glob
from launchguard.sources import gitrepo, notebooks, sourcemaps
from launchguard.units import Origin, Skipped, Unit

_BINARY_SNIFF = 8000
# Files over PART_BYTES are read in parts of that size (see read_parts).
PART_BYTES = 32 << 20
OVERLAP_BYTES = 64 << 10  # more than any rule's widest match (MAX_WINDOW) and its context
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSource:
    paths: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    all_files: bool = False  # walk everything, not only what git would commit
    # pre-commit passes every staged file by name: config excludes must still apply there.
    explicit_files_excludable: bool = False

    def units(self) -> Iterator[Unit | Skipped]:
        for path in self.paths:
            if not path.exists() and not path.is_symlink():
                raise ConfigError(f"{path}: no such file or directory")
        for path in self.paths:
            yield from self._from_root(path)

    def _from_root(self, root: Path) -> Iterator[Unit | Skipped]:
        repo = gitrepo.repo_root(root)
        shown_root = display(root, repo)
        if not root.is_dir() or root.is_symlink():
            excluded = any(matches_glob(shown_root, p) for p in self.exclude)
            if not (self.explicit_files_excludable and excluded):
                parent = str(root.parent)
                yield from read_units(str(root), shown_root, parent, self.max_file_size)
            return
        # Excludes apply to what the walk finds; a folder named on the command line is
        # always scanned, even when the config excludes it.
        honour_excludes = not any(matches_glob(shown_root, p) for p in self.exclude)
        base = str(root.resolve())
        for item in self._walk(root, repo, shown_root):
            if isinstance(item, Skipped):
                yield item
                continue
            path, shown = item
            if honour_excludes and any(matches_glob(shown, p) for p in self.exclude):
                continue
            yield from read_units(path, shown, base, self.max_file_size)

    def _walk(
        self, root: Path, repo: Path | None, shown_root: str
    ) -> Iterator[tuple[str, str] | Skipped]:
        """(path to open, path to show) for every file below root; strings, not Path objects,
        because this runs once per file of trees with 100,000 files. A folder that cannot be
        listed is a Skipped: what it holds was not scanned."""
        if repo is not None and not self.all_files:
            prefix = str(repo) + os.sep
            yield from ((prefix + name, name) for name in gitrepo.list_files(repo, root))
            return
        top = str(root)
        errors: list[OSError] = []
        for directory, dirs, files in os.walk(top, onerror=errors.append):
            yield from _unlisted(errors, top, shown_root)
            rel = os.path.relpath(directory, top).replace(os.sep, "/")
            shown_dir = shown_root if rel == "." else f"{shown_root}/{rel}"
            shown_dir = shown_dir.removeprefix("./")
            # os.walk puts a symlink to a folder among the folders and never enters it:
            # listed with the files, it gets the same symlink verdict (inside or outside).
            links = [d for d in dirs if os.path.islink(os.path.join(directory, d))]  # noqa: PTH114, PTH118
            dirs[:] = sorted(d for d in dirs if d != ".git" and d not in links)
            for name in sorted(files + links):
                shown = f"{shown_dir}/{name}".removeprefix("./")
                yield os.path.join(directory, name), shown  # noqa: PTH118  # hot path
        yield from _unlisted(errors, top, shown_root)


def _unlisted(errors: list[OSError], top: str, shown_root: str) -> Iterator[Skipped]:
    """Folders os.walk could not list (permission denied, removed mid-walk): incomplete."""
    while errors:
        error = errors.pop(0)
        rel = os.path.relpath(error.filename or top, top).replace(os.sep, "/")
        shown = shown_root if rel == "." else f"{shown_root}/{rel}".removeprefix("./")
        yield Skipped(Origin(path=shown), f"cannot list folder: {error.strerror or error}")


def unpacked(item: Unit | Skipped) -> Iterator[Unit | Skipped]:
    """Structured files whose text is JSON-escaped are scanned as the text they hold."""
    if isinstance(item, Unit) and sourcemaps.is_source_map(item.origin.path):
        yield from sourcemaps.expand(item)
    elif isinstance(item, Unit) and notebooks.is_notebook(item.origin.path):
        yield from notebooks.expand(item)
    else:
        yield item


def display(path: Path, repo: Path | None) -> str:
    """Repo-relative with '/' separators inside a repository; else relative to cwd."""
    # abspath, not resolve(): a symlink must keep its own name
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    for base in (repo, Path.cwd()):
        if base is not None and absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix() or "."
    return absolute.as_posix()


def _special(origin: Origin, path: str, mode: int, root: str) -> Skipped:
    """Symlinks are never followed: a target inside the root is scanned under its own name.
    A directory among git's files is a submodule: a repository of its own."""
    if stat.S_ISLNK(mode):
        if not os.path.exists(path):  # noqa: PTH110  # follows the link, as intended
            return Skipped(origin, "broken symlink or symlink loop", incomplete=False)
        target = os.path.realpath(path)
        if not (target == root or target.startswith(root.rstrip(os.sep) + os.sep)):
            return Skipped(origin, "symlink pointing outside the scanned folder", incomplete=False)
        return Skipped(origin, "symlink (its target is scanned under its own path)", False)
    if stat.S_ISDIR(mode):
        return Skipped(origin, "git submodule (scan it on its own)", incomplete=False)
    return Skipped(origin, "not a regular file (device, socket or pipe)", incomplete=False)


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1 << 20:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1 << 20):.1f} MB"


def read_units(path: str, shown: str, root: str, max_size: int) -> Iterator[Unit | Skipped]:
    """A file's content as scan units: whole, or in parts when it is large."""
    structured = sourcemaps.is_source_map(shown) or notebooks.is_notebook(shown)
    whole_up_to = None if structured else PART_BYTES  # JSON is only expanded whole
    item = read_file(path, shown, root, max_size, whole_up_to=whole_up_to)
    if isinstance(item, int):
        yield from read_parts(path, Origin(path=shown))
    else:
        yield from unpacked(item)


def read_file(
    path: str, shown: str, root: str, max_size: int, *, whole_up_to: int | None = None
) -> Unit | Skipped | int:
    """One lstat and one read: the file's bytes, or why they could not be had; or, for a file
    over `whole_up_to` bytes, its size, for the caller to read in parts."""
    origin = Origin(path=shown)
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return _special(origin, path, info.st_mode, os.path.realpath(root))
        if info.st_size > max_size:
            limits = f"{human_size(info.st_size)} > {human_size(max_size)}"
            return Skipped(origin, f"larger than max-file-size ({limits})")
        if whole_up_to is not None and info.st_size > whole_up_to:
            return info.st_size
        with open(path, "rb") as f:  # noqa: PTH123  # hot path: no Path object per file
            data = f.read()
    except FileNotFoundError:
        return Skipped(origin, "deleted from the working tree", incomplete=False)
    except OSError as e:
        return Skipped(origin, f"cannot read: {e.strerror or type(e).__name__}")
    return decode_for_scan(data, origin)


def read_parts(path: str, origin: Origin) -> Iterator[Unit | Skipped]:
    """A large file in parts of about PART_BYTES, so that memory stays bounded whatever its
    size. Each part ends at a line end where there is one, and the next starts at a line
    start OVERLAP_BYTES earlier: a secret across the cut (a private key block) is whole in
    one of them, and what both hold is reported once (same line and column)."""
    try:
        with open(path, "rb") as f:  # noqa: PTH123
            head = f.read(_BINARY_SNIFF)
            if isinstance(first := decode_for_scan(head, origin), Skipped) or head[:2] in (
                bom for bom, _ in _BOMS
            ):
                yield first if isinstance(first, Skipped) else _whole(f, head, origin)
                return
            f.seek(0)
            yield from _parts(f, origin)
    except OSError as e:
        yield Skipped(origin, f"cannot read: {e.strerror or type(e).__name__}")


def _whole(f: BinaryIO, head: bytes, origin: Origin) -> Unit | Skipped:
    """UTF-16 (or text with stray NUL bytes) is decoded whole: parts would split characters."""
    return decode_for_scan(head + f.read(), origin)


def _parts(f: BinaryIO, origin: Origin) -> Iterator[Unit]:
    start = line = column = 0  # where the part starts: byte, lines before it, column in line
    carry = b""  # the overlap and any remainder: the end of the previous read, read again
    while True:
        chunk = f.read(PART_BYTES - len(carry))
        data = carry + chunk
        last = len(chunk) < PART_BYTES - len(carry)  # a short read: the end of the file
        end = len(data)
        if not last and (cut := data.rfind(b"\n") + 1) > OVERLAP_BYTES:
            end = cut  # end at a line end, unless the part is one long line
        if data:
            where = dataclasses.replace(
                origin, offset=start, line_offset=line, column_offset=column
            )
            yield Unit(data[:end], where)
        if last:
            return
        back = max(0, end - OVERLAP_BYTES)
        if (newline := data.find(b"\n", back, end)) >= 0:
            back = newline + 1  # the next part starts at a line start when there is one
        lines = data.count(b"\n", 0, back)
        column = back - (data.rfind(b"\n", 0, back) + 1) if lines else column + back
        line += lines
        start += back
        carry = data[back:]


def decode_for_scan(data: bytes, origin: Origin) -> Unit | Skipped:
    """UTF-16 with a BOM becomes UTF-8; other data with NUL bytes is binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Unit(data.decode(encoding).encode("utf-8", "surrogatepass"), origin)
            except UnicodeDecodeError:
                break  # not UTF-16 after all (odd length, lone surrogates): its raw bytes
    if data.find(b"\0", 0, _BINARY_SNIFF) >= 0:
        return _with_nul_bytes(data, origin)
    return Unit(data, origin)


# Bytes that text holds: everything but the C0 controls other than tab, newlines and form feed.
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROLS)


def _with_nul_bytes(data: bytes, origin: Origin) -> Unit | Skipped:
    """Text with a few stray NUL bytes is still text (a secret after them must not be lost);
    UTF-16 without a byte order mark is decoded; only control-heavy data is binary."""
    sniff = data[:_BINARY_SNIFF]
    for encoding, nul_half, text_half in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        if (
            sniff[nul_half::2].count(0) > 0.9 * (len(sniff) // 2) > 0
            and 0 not in sniff[text_half::2]
        ):
            text = data.decode(encoding, "replace")
            return Unit(text.encode("utf-8", "surrogatepass"), origin)
    controls = len(sniff.translate(None, _TEXT_BYTES))  # what is left once text is deleted
    if controls <= max(4, len(sniff) // 100):  # a few stray bytes in text, not a format
        return Unit(data, origin)
    return Skipped(origin, "binary file", incomplete=False)
