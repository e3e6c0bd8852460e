"""Where a source map is and what its `sources` mean: the `sourceMappingURL` comment (file,
`data:` URL, or the sibling `.map`) and bundler names such as `webpack://_N_E/./src/x.tsx`."""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote, unquote_to_bytes

from launchguard.errors import ScanFailedError

_MARKER = b"sourceMappingURL="
_URL_CHARS = re.compile(rb"\S*")  # one character class: linear, nothing to backtrack into
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")  # two letters at least, so C:/ is a path
_DRIVE = re.compile(r"[A-Za-z]:/")  # a Windows path, once backslashes became slashes


class SourceMapError(ScanFailedError):
    """A source map that cannot be used; str(e) is one line naming the file and the problem
    (never file content). Callers report it and go on without the map; one that escaped would
    still be a clean exit 3, not an internal error."""


def one_line(path: str) -> str:
    """A display path fit for a one-line message (a file name may hold a newline)."""
    if path.isprintable():
        return path
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in path)


def _strip_bundler_scheme(name: str) -> tuple[str, bool]:
    """(name, True) when a bundler prefix was removed: the rest is relative to the project,
    not to the map's folder."""
    if name.startswith("webpack://"):
        rest = name[len("webpack://") :]  # webpack://<namespace>/<path>, namespace often empty
        slash = rest.find("/")
        return (rest[slash + 1 :] if slash >= 0 else rest), True
    if name.startswith("vite:"):
        return name[len("vite:") :], True
    if name.startswith("file://"):
        return unquote(name[len("file://") :]), True
    return name, False


def _is_absolute(name: str) -> bool:
    return name.startswith("/") or _DRIVE.match(name) is not None


def resolve_source(map_path: str, source_root: str | None, source: str) -> str:
    """A `sources` entry as a path the user recognises, with '/' separators; never empty."""
    name, rooted = _strip_bundler_scheme(source.replace("\\", "/"))
    if not rooted and _SCHEME.match(name):
        return name  # another URL (http:, data:): nothing on disk to point at
    if not rooted and source_root and not _is_absolute(name):
        root, rooted = _strip_bundler_scheme(source_root.replace("\\", "/"))
        if not rooted and _SCHEME.match(root):
            return root.rstrip("/") + "/" + name
        name = posixpath.join(root, name)
    if not rooted and not _is_absolute(name):
        name = posixpath.join(posixpath.dirname(map_path), name)
    return posixpath.normpath(name)  # "." for an empty name, never ""


def _is_comment_start(data: bytes, at: int) -> bool | None:
    """Whether `sourceMappingURL=` at `at` follows `//#`, `//@` (False) or `/*#`, `/*@`
    (True: a CSS comment); None when it is something else, such as a string in code."""
    before = data[max(0, at - 16) : at].rstrip(b" \t")
    if not before.endswith((b"#", b"@")):
        return None
    opener = before[:-1].rstrip(b" \t")[-2:]
    return {b"//": False, b"/*": True}.get(opener)


def _last_url(data: bytes) -> bytes | None:
    """The URL of the last sourceMappingURL comment. Each rfind starts where the previous one
    stopped and each URL scan stops there too, so a 10 MB file is read about twice at most."""
    end = len(data)
    while (at := data.rfind(_MARKER, 0, end)) >= 0:
        block = _is_comment_start(data, at)
        start = at + len(_MARKER)
        url = _URL_CHARS.match(data, start, end)
        value = url.group() if url is not None and block is not None else b""
        if block and b"*/" in value:
            value = value[: value.index(b"*/")]
        if value and not any(q in value for q in (b'"', b"'", b"`")):
            return value
        end = at
    return None


def _decode_data_url(url: bytes, where: str) -> bytes:
    header, comma, payload = url[len(b"data:") :].partition(b",")
    if not comma:
        raise SourceMapError(f"{where}: sourceMappingURL data URL has no comma")
    if b"%" in payload:
        payload = unquote_to_bytes(payload)
    if header.lower().split(b";")[-1].strip() != b"base64":
        return payload
    try:
        return base64.b64decode(payload + b"=" * (-len(payload) % 4), validate=True)
    except binascii.Error:
        raise SourceMapError(f"{where}: sourceMappingURL data URL is not valid base64") from None


def find_map(
    generated_path: str, data: bytes, read: Callable[[str], bytes | None]
) -> tuple[bytes, str] | None:
    """The map of a generated file, as (map bytes, map display path), or None. `read` is the
    caller's way to read a display path (None when missing); this function opens nothing."""
    sibling = generated_path + ".map"
    url = _last_url(data)
    if url is not None and url[:5].lower() == b"data:":
        return _decode_data_url(url, one_line(generated_path)), sibling
    if url is not None:
        text = unquote(url.decode("utf-8", "replace").partition("#")[0].partition("?")[0])
        # An absolute URL (http:, or /path under an unknown web root) has no file here.
        if text and not _SCHEME.match(text) and not text.startswith("/"):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(generated_path), text))
            found = read(path)
            if found is not None or path == sibling:
                return None if found is None else (found, path)
    found = read(sibling)
    return None if found is None else (found, sibling)
