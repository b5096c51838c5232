"""Made-up guidelines for the card tests: the default chapter cut in three, and schemes of any shape.

Artificial test content: schemes, codes and statements made up for these tests only.
"""

from __future__ import annotations

import dataclasses

from card_pdfs import chapter

from guidepress.model import Guideline, Quote, Recommendation, Section, Table

_RENAMED = (Section, Recommendation, Table, Quote)


def renamed(value, prefix: str):
    """A copy of a model subtree whose section, statement, table and quote ids start with ``prefix``."""
    if isinstance(value, tuple):
        return tuple(renamed(v, prefix) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        if f.init:
            old = getattr(value, f.name)
            new = prefix + old if f.name == "id" and isinstance(value, _RENAMED) else renamed(old, prefix)
            if new is not old:
                changes[f.name] = new
    return dataclasses.replace(value, **changes) if changes else value


def three_chapters(guideline: Guideline) -> Guideline:
    """The default chapter cut in three, ids made unique: a table, a quote and footnotes among them."""
    ch = chapter(guideline)
    parts = [ch.sections[:2], ch.sections[2:4], ch.sections[-2:]]
    chapters = [dataclasses.replace(ch, sections=parts[0])]
    for n, (sections, title) in enumerate(zip(parts[1:], ["Second chapter", "Third chapter"], strict=True), start=2):
        chapters.append(
            dataclasses.replace(
                renamed(ch, f"c{n}-"), id=f"c{n}-{ch.id}", title=title, sections=renamed(sections, f"c{n}-")
            )
        )
    return dataclasses.replace(guideline, chapters=tuple(chapters))


_SCHEMES = [  # (label, codes with their tones)
    (
        "GRADE",
        [
            ("strong recommendation for", "strong-for"),
            ("conditional recommendation for", "for"),
            ("conditional recommendation against", "against"),
            ("strong recommendation against", "strong-against"),
        ],
    ),
    ("Certainty", [("high", None), ("moderate", None), ("low", None), ("very low", None)]),
    ("ESMO-MCBS", [("A", "strong-for"), ("B", "for"), ("C", "neutral"), ("5", None)]),
    ("Oxford LoE", [("1a", None), ("2b", None), ("5", None)]),
    ("NCCN", [("1", None), ("2A", None), ("2B", None), ("3", None)]),
    ("Expert", [("good practice statement", "neutral"), ("consensus", None)]),
]


def with_schemes(guideline: Guideline, n: int) -> Guideline:
    """The default guideline's metadata with ``n`` made-up schemes and one made-up chapter graded in all."""
    from guidepress.model import Code, Grade, GradingScheme

    schemes = tuple(
        GradingScheme(
            f"s{i}",
            label,
            f"Test scheme {label}",
            None,
            None,
            None,
            tuple(Code(code, f"Test meaning of {code}", code, tone) for code, tone in codes),
        )
        for i, (label, codes) in enumerate(_SCHEMES[:n])
    )
    counter = iter(range(1000))

    def rec(text: str, children: tuple[Recommendation, ...] = ()) -> Recommendation:
        k = next(counter)
        grades = () if children else tuple(Grade(s.id, s.codes[k % len(s.codes)].code) for s in schemes)
        return Recommendation(f"r{k}", text, None, grades, (), (), children)

    def section(i: int) -> Section:
        recs = (
            rec(f"Test statement {i}.1 about a made-up intervention in a made-up setting"),
            rec(
                f"Test parent {i}.2",
                (rec(f"Test child {i}.2.1, short"), rec(f"Test child {i}.2.2 with a longer wording to wrap")),
            ),
            rec(f"Test statement {i}.3"),
        )
        return Section(f"test-section-{i}", f"Test section {i}", None, None, recs, (), (), (), (), ())

    ch = dataclasses.replace(
        guideline.chapters[0],
        id="test-chapter",
        title="Test chapter",
        subtitle=None,
        topics=(),
        see_also=(),
        wording=(),
        glossary=(),
        references=(),
        sections=tuple(section(i) for i in range(1, 4)),
    )
    return dataclasses.replace(guideline, schemes=schemes, chapters=(ch,), references=())


def with_format_and_kind(g: Guideline, template: str | None) -> Guideline:
    """``g`` (see ``with_schemes``) with its grades printed as ``template``, each section's last
    statement of a made-up ungraded kind, and each first child without its last scheme's grade."""
    from guidepress.model import GradeFormat, Kind

    last = g.schemes[-1].id

    def section(s: Section) -> Section:
        first, parent, final = s.recommendations
        child, *others = parent.children
        child = dataclasses.replace(child, grades=tuple(x for x in child.grades if x.scheme != last))
        parent = dataclasses.replace(parent, children=(child, *others))
        return dataclasses.replace(
            s, recommendations=(first, parent, dataclasses.replace(final, grades=(), kind="test-kind"))
        )

    ch = g.chapters[0]
    ch = dataclasses.replace(ch, sections=tuple(section(s) for s in ch.sections))
    return dataclasses.replace(
        g,
        chapters=(ch,),
        kinds=(Kind("test-kind", "Test ungraded statement", False),),
        grade_format=GradeFormat(template) if template else None,
    )
