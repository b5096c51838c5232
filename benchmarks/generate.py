"""Synthetic guidelines for the benchmark, written as real source/ + bib/ trees.

The shapes follow the real chapter ("Sites of Metastases"): sections of 3-10
graded statements, parents heading graded children (with text or with a
condition label only), footnote markers with their notes, section condition
labels, ungraded details, trial tables, a glossary whose terms the texts use,
numbered reference groups (some naming the statement they support), chapter
reference lists, and works cited by several chapters. Everything is drawn
from ``random.Random(seed)``, so a seed gives byte-identical trees, and the
result is valid: ``guidepress check`` reports 0 errors and 0 warnings.

    python benchmarks/generate.py OUT --scale M [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

from guidepress.project_files import copy_parts

# Loaded by path (the tests) as well as imported by run.py or run from here: its parts sit beside it.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from scales import SCALES, Counts, Scale  # noqa: E402
from vocabulary import AGO, CONDITIONS, CONNECT, GR_ALLOWED, JOURNALS, LOE, MARKERS, MONTHS, SURNAMES, WORDS, flow, q  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# What a build reads besides source/ and bib/ (copied when present).
PROJECT_EXTRAS = ("templates", "mkdocs.yml")


class Generator:
    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.counts = Counts()
        self.chapter_ids = [f"chapter-{i + 1:03d}-{self.rng.choice(WORDS)}" for i in range(scale.chapters)]
        self.keys: list[list[str]] = []  # per chapter: keys cited
        self.bib_entries: dict[str, list[str]] = {}  # bib file stem -> entries
        self._titles: set[str] = set()

    # text ------------------------------------------------------------------

    def phrase(self, lo: int, hi: int) -> str:
        n = self.rng.randint(lo, hi)
        words = []
        for i in range(n):
            words.append(self.rng.choice(CONNECT) if i % 3 == 2 else self.rng.choice(WORDS))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    # references ------------------------------------------------------------

    def plan_references(self) -> None:
        """Split the works into per-chapter pools plus works shared across chapters."""
        total, chapters = self.scale.references, self.scale.chapters
        shared = total // 20 if chapters > 1 else 0
        own = total - shared
        per = [own // chapters + (1 if i < own % chapters else 0) for i in range(chapters)]
        n = 0
        pools: list[list[str]] = []
        for ci, count in enumerate(per):
            stem = self.chapter_ids[ci]
            keys = [self._entry(stem, n + j) for j in range(count)]
            n += count
            pools.append(keys)
        shared_keys = [self._entry("shared", n + j) for j in range(shared)]
        for key in shared_keys:
            # Each shared work is cited by two to four chapters.
            for ci in self.rng.sample(range(chapters), min(chapters, self.rng.randint(2, 4))):
                pools[ci].append(key)
        for pool in pools:
            self.rng.shuffle(pool)
        self.keys = pools
        self.counts.references = total

    def _entry(self, stem: str, n: int) -> str:
        rng = self.rng
        author = rng.choice(SURNAMES)
        year = rng.randint(1995, 2023)
        while True:
            title = self.phrase(6, 14)
            norm = re.sub(r"[^0-9a-z]+", "", title.casefold())
            if norm not in self._titles:
                self._titles.add(norm)
                break
        word = re.sub(r"[^a-z]", "", title.split()[0].lower())
        key = f"{author.lower().replace('ü', 'u')}{year}{word}{n}"
        authors = " and ".join(
            f"{rng.choice(SURNAMES)}, {rng.choice('ABCDEFGHJKLMN')}{rng.choice('ABCDEHJKLM')}"
            for _ in range(rng.randint(1, 3))
        )
        if rng.random() < 0.6:
            authors += " and others"
        first = rng.randint(1, 2000)
        lines = [
            f"@article{{{key},",
            f"  author = {{{author}, {rng.choice('ABCDEFGH')}{rng.choice('ABCDEH')} and {authors}}},",
            f"  title = {{{title}}},",
            f"  journal = {{{rng.choice(JOURNALS)}}},",
            f"  year = {{{year}}},",
            f"  month = {rng.choice(MONTHS)},",
            f"  volume = {{{rng.randint(1, 80)}}},",
            f"  number = {{{rng.randint(1, 12)}}},",
            f"  pages = {{{first}--{first + rng.randint(3, 15)}}},",
        ]
        if rng.random() < 0.7:
            lines.append(f"  doi = {{10.{1000 + n % 9000}/gp.{self.seed}.{n}}},")
        if rng.random() < 0.5:
            lines.append(f"  pmid = {{{10_000_000 + n}}},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        self.bib_entries.setdefault(stem, []).append("\n".join(lines))
        return key

    # chapters --------------------------------------------------------------

    def chapter(self, ci: int) -> str:
        rng = self.rng
        cid = self.chapter_ids[ci]
        total, chapters = self.scale.recommendations, self.scale.chapters
        n_recs = total // chapters + (1 if ci < total % chapters else 0)
        sizes = self._section_sizes(n_recs)
        glossary = self._glossary(ci)
        out = [
            f"# Synthetic chapter {ci + 1} (benchmarks/generate.py, seed {self.seed})",
            f"id: {cid}",
            f"title: {q(self.phrase(2, 5))}",
        ]
        if rng.random() < 0.7:
            out.append(f"subtitle: {q(self.phrase(3, 6))}")
        out += ["", "authors:", "  - versions: 2002–2022", "    names:"]
        out += [f"      - {name}" for name in rng.sample(SURNAMES, rng.randint(4, 12))]
        out += ['  - versions: "2023"', f"    names: {flow(rng.sample(SURNAMES, 2))}", "", "topics:"]
        out += [f"  - {q(self.phrase(2, 5))}" for _ in range(rng.randint(3, 7))]
        others = [c for c in self.chapter_ids if c != cid]
        out += ["", "see_also:"]
        for target in rng.sample(others, min(2, len(others))):
            out += [f"  - chapter: {target}", f"    title: {q(self.phrase(2, 4))}"]
        out += ["  - chapter: cns-metastases", "    title: CNS Metastases", "    external: true"]
        out += [
            "",
            "wording:",
            f"  - term: {q(self.phrase(2, 3))}",
            "    intro: can be referred to as",
            "    synonyms:",
        ]
        for term, expansion in glossary[:2]:
            out += [f"      - term: {term}", f"        expansion: {q(expansion)}"]
        out += ["", "glossary:"]
        for term, expansion in glossary:
            out += [f"  - term: {term}", f"    expansion: {q(expansion)}"]
        # Cited keys: a few lists for the chapter as a whole, the rest per section.
        keys = list(self.keys[ci])
        n_sections = len(sizes)
        chapter_refs = keys[: max(1, len(keys) // (n_sections * 4))] if keys else []
        keys = keys[len(chapter_refs) :]
        if chapter_refs:
            out += ["", "references:", f"  - refs: {flow(chapter_refs)}"]
            self.counts.citations += len(chapter_refs)
        out += ["", "sections:"]
        per_section = [len(keys) // n_sections + (1 if i < len(keys) % n_sections else 0) for i in range(n_sections)]
        terms = [t for t, _ in glossary]
        start = 0
        for si, size in enumerate(sizes):
            section_keys = keys[start : start + per_section[si]]
            start += per_section[si]
            # Every glossary term is used somewhere in its chapter.
            section_terms = terms[si::n_sections]
            out += self._section(cid, si, size, section_keys, section_terms)
        self.counts.chapters += 1
        return "\n".join(out) + "\n"

    def _glossary(self, ci: int) -> list[tuple[str, str]]:
        rng = self.rng
        out = []
        seen: set[str] = set()
        size = rng.randint(5, 12)
        while len(out) < size:
            words = [rng.choice(WORDS) for _ in range(rng.randint(2, 4))]
            term = "".join(w[0] for w in words).upper() + str(ci % 10)
            if term in seen:
                continue
            seen.add(term)
            out.append((term, " ".join(words)))
        return out

    def _section_sizes(self, n: int) -> list[int]:
        """Sections of 3-10 statements (fewer only when the chapter has fewer)."""
        sizes = []
        while n > 0:
            if n <= 10:
                k = n
            else:
                k = self.rng.randint(3, 10)
                if n - k < 3:
                    k = n - 3
            sizes.append(k)
            n -= k
        return sizes

    def _section(self, cid: str, si: int, size: int, keys: list[str], terms: list[str]) -> list[str]:
        rng = self.rng
        sid = f"{cid}-s{si + 1:02d}"
        out = [f"  - id: {sid}", f"    title: {q(self.phrase(2, 5))}"]
        if rng.random() < 0.5:
            out.append(f"    subtitle: {q(self.phrase(2, 4))}")
        if rng.random() < 0.15:
            out.append(f"    condition: {q(rng.choice(CONDITIONS))}")
        marker = rng.choice(MARKERS) if rng.random() < 0.4 else None
        recs: list[str] = []
        rec_ids: list[str] = []
        used_marker = False
        n = 0
        term_iter = iter(terms)
        while n < size:
            left = size - n
            rid = f"{sid}-r{n + 1:02d}"
            rec_ids.append(rid)
            if left >= 3 and rng.random() < 0.2:
                kids = rng.randint(2, min(4, left - 1))
                lines = [f"      - id: {rid}"]
                if rng.random() < 0.4:
                    lines.append(f"        condition: {q(rng.choice(CONDITIONS))}")
                else:
                    lines.append(f"        text: {q(self.phrase(3, 10) + ':')}")
                lines.append("        children:")
                for k in range(kids):
                    kid = f"{rid}-c{k + 1}"
                    rec_ids.append(kid)
                    lines += self._graded(kid, "          ", next(term_iter, None))
                n += 1 + kids
            else:
                lines = self._graded(rid, "        ", next(term_iter, None))
                n += 1
            if marker and (not used_marker or rng.random() < 0.2):
                lines.insert(2, f"{lines[1][: len(lines[1]) - len(lines[1].lstrip())]}footnotes: [{q(marker)}]")
                used_marker = True
            recs += lines
        self.counts.recommendations += n
        self.counts.sections += 1
        out += ["    recommendations:"] + recs
        if marker:
            out += ["    footnotes:", f"      - marker: {q(marker)}", f"        text: {q(self.phrase(4, 10))}"]
            self.counts.footnotes += 1
        leftover = list(term_iter)
        if leftover or rng.random() < 0.3:
            out += ["    notes:"]
            out += [f"      - {q(self.phrase(3, 8) + ', ' + t)}" for t in leftover] or [
                f"      - {q(self.phrase(5, 12))}"
            ]
        if rng.random() < 0.15:
            out += self._table(sid)
        if rng.random() < 0.05:
            out += [
                "    quotes:",
                f"      - id: {sid}-quote",
                f"        text: {q(self.phrase(10, 25))}",
                "        source: ABC6 2021",
                '        grading: "LoE: Expert opinion/NA (85%)"',
            ]
        if keys:
            out += ["    references:"]
            i = 0
            while i < len(keys):
                take = rng.randint(1, 15)
                group = keys[i : i + take]
                i += take
                if rng.random() < 0.1:
                    group.append(rng.choice(group))  # a key may recur in a printed list
                if rng.random() < 0.35:
                    statement = rng.choice(rec_ids)
                    out += [f"      - title: {q('Statement: ' + self.phrase(2, 5))}", f"        statement: {statement}"]
                elif rng.random() < 0.6:
                    out += [f"      - title: {q(self.phrase(2, 6))}"]
                else:
                    out += ["      -"]
                    out[-1] = "      - refs: " + flow(group)
                    self.counts.citations += len(group)
                    continue
                out += [f"        refs: {flow(group)}"]
                self.counts.citations += len(group)
        return out

    def _graded(self, rid: str, indent: str, term: str | None) -> list[str]:
        rng = self.rng
        loe = rng.choice(LOE)
        gr = rng.choice(GR_ALLOWED[loe])
        ago = rng.choice(AGO)
        text = self.phrase(3, 16)
        if term:
            text += f" ({term})"
        lines = [
            f"{indent[:-2]}- id: {rid}",
            f"{indent}text: {q(text)}",
            f'{indent}grades: {{loe: "{loe}", gr: {gr}, ago: "{ago}"}}',
        ]
        if rng.random() < 0.1:
            lines += [f"{indent}details:"] + [f"{indent}  - {q(self.phrase(3, 9))}" for _ in range(rng.randint(1, 3))]
        return lines

    def _table(self, sid: str) -> list[str]:
        rng = self.rng
        ncols = rng.randint(3, 6)
        out = [
            "    tables:",
            f"      - id: {sid}-trials",
            f"        title: {q('Randomized ' + self.phrase(2, 4))}",
            f"        columns: {flow(['Trial', 'n'] + [self.phrase(1, 3) for _ in range(ncols - 2)])}",
            "        rows:",
        ]
        for r in range(rng.randint(2, 8)):
            cells = [f"TRIAL-{r + 1} {rng.randint(2001, 2020)}", str(rng.randint(40, 2000))]
            cells += [rng.choice(["yes", "no", "ns", "s", "", self.phrase(1, 4)]) for _ in range(ncols - 2)]
            out.append(f"          - {json.dumps(cells, ensure_ascii=False)}")
        out += ["        notes:", '          - "ns not significant, s: significant"']
        self.counts.tables += 1
        return out


def generate(dest: Path, scale: Scale, seed: int = 1, *, extras: bool = True) -> Counts:
    """Write a project for ``scale`` into ``dest`` (replaced if it exists)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "source" / "chapters").mkdir(parents=True)
    (dest / "bib").mkdir()
    shutil.copytree(REPO / "source" / "grading", dest / "source" / "grading")
    if extras:
        copy_parts(REPO, dest, PROJECT_EXTRAS)
    gen = Generator(scale, seed)
    gen.plan_references()
    counts = gen.counts

    def write(rel: str, text: str) -> None:
        data = text.encode("utf-8")
        (dest / rel).write_bytes(data)
        counts.files.append(rel)
        if rel.endswith(".bib"):
            counts.bib_bytes += len(data)
        else:
            counts.yaml_bytes += len(data)

    write(
        "source/guideline.yml",
        "\n".join(
            [
                f"# Synthetic guideline, scale {scale.name}, seed {seed} (benchmarks/generate.py)",
                f"id: synthetic-{scale.name.lower()}",
                f"title: Synthetic Guideline {scale.name}",
                "short_title: Synthetic",
                "publisher: guidepress benchmarks",
                "version: 2023.1E",
                "date: 2023-03-01",
                "language: en",
                "grading: [loe, gr, ago]",
                "chapters:",
                *[f"  - {cid}" for cid in gen.chapter_ids],
            ]
        )
        + "\n",
    )
    for ci, cid in enumerate(gen.chapter_ids):
        write(f"source/chapters/{cid}.yml", gen.chapter(ci))
    for stem, entries in gen.bib_entries.items():
        write(f"bib/{stem}.bib", f"% Synthetic references ({stem})\n\n" + "\n\n".join(entries) + "\n")
    for grading in sorted((dest / "source" / "grading").glob("*.yml")):
        counts.files.append(grading.relative_to(dest).as_posix())
        counts.yaml_bytes += grading.stat().st_size
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="project folder to write (replaced if it exists)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = generate(args.out, SCALES[args.scale], args.seed)
    print(
        f"wrote {args.out}: {counts.chapters} chapters, {counts.sections} sections, "
        f"{counts.recommendations} recommendations, {counts.references} references, "
        f"{counts.yaml_bytes + counts.bib_bytes} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
