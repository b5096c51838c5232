"""The fast YAML path (load/yamlevents.py) gives what the careful path gives.

Every text below is parsed twice, once as usual and once with the fast path
switched off, and the trees (with positions) and diagnostics must be equal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.load import yamlevents, yamltree
from guidepress.load.yamltree import YMap, YScalar, YSeq

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "mapping": "id: a\ntitle: T\n",
    "nested": "a:\n  - b: 1\n    c: [x, 'y', \"z\"]\n  - {d: e, f: [g, [h, i]]}\n",
    "styles": "a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\n  text\ne: >-\n  folded\n  text\n",
    "empty values": "a:\nb: ~\nc: ''\nd: null\ne: []\nf: {}\n",
    "numbers and booleans stay text": "loe: 3\nago: no\nv: 2023.1E\nd: 2023-01-01\nt: true\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key with a collection value": "a: 1\na:\n  - x\n  - {y: z}\nb: 2\n",
    "nested duplicate": "s:\n  - id: x\n    id: y\n    t: [1, 2]\n",
    "complex key": "? [a, b]\n: value\nc: d\n",
    "complex mapping key": "{x: y}: value\nc: d\n",
    "merge key": "base: x\n<<: {a: b}\nc: d\n",
    "explicit merge tag": "!!merge <<: {a: b}\nc: d\n",
    "quoted merge is a key": "'<<': x\nc: d\n",
    "tags": "a: !!str 3\nb: !custom x\nc: !!int 5\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "three documents": "a: 1\n---\nb: 2\n---\n- c\n",
    "empty first document": "---\n---\na: 1\n",
    "only empty documents": "---\n...\n---\n",
    "document markers": "---\na: 1\n...\n",
    "scalar root": "just text\n",
    "list root": "- a\n- b\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "error after duplicate": "a: 1\na: 2\nb: [\n",
    "error in second document": "a: 1\n---\nb: [\n",
    "tab indentation": "a:\n\t- b\n",
    "anchor": "a: &x 1\nb: *x\n",
    "collection anchor": "a: &x [1, 2]\nb: *x\n",
    "undefined alias": "a: *nowhere\n",
    "deep flow": "a: " + "[" * 70 + "]" * 70 + "\n",
    "deep block at the limit": "".join("  " * i + "- \n" for i in range(63)) + "  " * 63 + "- x\n",
    "unicode": "t: Lüftner – ≤ 3 ✓\n",
    "comments": "# c\na: 1 # trailing\n# end\n",
}


def _tree(node):
    if isinstance(node, YScalar):
        return ("s", node.value, node.plain, node.pos)
    if isinstance(node, YSeq):
        return ("l", node.pos, [_tree(i) for i in node.items])
    if isinstance(node, YMap):
        return ("m", node.pos, [(k, kpos, _tree(v)) for k, (kpos, v) in node.entries.items()])
    assert node is None
    return None


def _both(text: str, monkeypatch: pytest.MonkeyPatch):
    fast, fast_diags = yamltree.parse(text, "f.yml")
    with monkeypatch.context() as m:
        m.setattr(yamlevents, "build", lambda *a, **k: None)
        careful, careful_diags = yamltree.parse(text, "f.yml")
    return (_tree(fast), fast_diags), (_tree(careful), careful_diags)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_as_careful_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, careful = _both(CASES[name], monkeypatch)
    assert fast == careful


@pytest.mark.parametrize("path", sorted((ROOT / "source").rglob("*.yml")), ids=lambda p: p.name)
def test_same_on_the_real_source(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, careful = _both(path.read_text("utf-8"), monkeypatch)
    assert fast == careful
    assert fast[0] is not None


def test_fast_path_is_taken_for_ordinary_files() -> None:
    text = (ROOT / "source" / "guideline.yml").read_text("utf-8")
    built = yamlevents.build(
        text,
        "g.yml",
        yamltree._Loader,
        max_depth=yamltree.MAX_DEPTH,
        max_nodes=yamltree.MAX_NODES,
        node_types=(YScalar, YSeq, YMap),
    )
    assert built is not None and isinstance(built.root, YMap)


def test_every_prefix_of_the_chapter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Truncated saves: every cut of the chapter's first lines fails (or reads) the same way."""
    lines = (ROOT / "source" / "chapters" / "sites-of-metastases.yml").read_text("utf-8").splitlines(True)
    for n in range(1, 160, 3):
        for cut in ("".join(lines[:n]), "".join(lines[:n])[:-7]):
            fast, careful = _both(cut, monkeypatch)
            assert fast == careful, cut[-200:]
