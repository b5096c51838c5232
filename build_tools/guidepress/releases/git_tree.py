"""A project as it stood at a git revision, written to a temporary folder.

Read with git plumbing only (``rev-parse``, ``ls-tree``, ``cat-file
--batch``): the working tree, the index and HEAD are never touched, so a
comparison with ``--since`` is safe in the middle of an edit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

PARTS = ("source", "bib")  # what `check` reads


class GitError(Exception):
    """The revision cannot be read; the message says why in an editor's words."""


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"git cannot be run ({exc.strerror})") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed")
    return proc.stdout


def commit_of(root: Path, rev: str) -> tuple[Path, str, str]:
    """The repository's top folder, the project's folder within it ("" or "sub/"), and ``rev``'s commit."""
    if not rev or rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision; name a tag, branch or commit, e.g. git:v2023.1")
    if shutil.which("git") is None:
        raise GitError("git is not installed; name a project folder or an export instead")
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
        prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    except GitError:
        raise GitError(f"{root} is not in a git repository; name a project folder or an export instead") from None
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(
            f"the repository at {top} has no revision '{rev}'; name a tag, branch or commit "
            "(git tag --list, git log --oneline)"
        ) from None
    return top, prefix, commit.decode().strip()


def write_tree(root: Path, rev: str, dest: Path) -> str:
    """Write the project's source/ and bib/ as they are at ``rev`` under ``dest``; the display prefix of its files.

    A file shown as ``source/chapters/x.yml`` is ``REV:PREFIXsource/chapters/x.yml`` in git's own
    notation (``git show`` takes it).
    """
    top, prefix, commit = commit_of(root, rev)
    listing = _git(top, "ls-tree", "-r", "-z", commit, "--", *(prefix + part for part in PARTS))
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid = meta.decode().split(" ")
        if kind == "blob":  # a submodule ("commit") has no content here
            entries.append((mode, oid, name.decode("utf-8", "surrogateescape")[len(prefix) :]))
    if not any(path.startswith("source/") for _, _, path in entries):
        raise GitError(f"revision '{rev}' has no {prefix}source/ folder: the project was not there yet")
    blobs = _cat(top, [oid for _, oid, _ in entries])
    for mode, oid, path in entries:
        target = dest / PurePosixPath(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: the blob is its target; `check` judges where it leads
            os.symlink(blobs[oid].decode("utf-8", "surrogateescape"), target)
        else:
            target.write_bytes(blobs[oid])
    return f"{rev}:{prefix}"


def _cat(top: Path, oids: list[str]) -> dict[str, bytes]:
    """Every blob's content, through one ``git cat-file --batch``."""
    unique = list(dict.fromkeys(oids))
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in unique).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in unique:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split(" ")
        if len(header) != 3:
            raise GitError(f"git cat-file cannot read object {oid} ({' '.join(header)})")
        size = int(header[2])
        blobs[oid] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1  # the content is followed by a newline
    return blobs


def tags_newest_first(root: Path) -> list[str]:
    """The tags on the history of the project's HEAD, newest commit first (by the
    history's order, not by date: commits made within one second keep their order);
    none when the project is not in a git repository."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
        history = _git(top, "rev-list", "--topo-order", "HEAD").decode().split()
        refs = _git(top, "for-each-ref", "refs/tags", "--format=%(objectname) %(*objectname) %(refname:short)")
    except GitError:
        return []
    order = {commit: i for i, commit in enumerate(history)}
    tags = []
    for line in refs.decode("utf-8", "surrogateescape").splitlines():
        obj, peeled, name = line.split(" ", 2)
        commit = peeled or obj  # an annotated tag points at its tag object; peeled is its commit
        if commit in order:
            tags.append((order[commit], name))
    return [name for _, name in sorted(tags)]
