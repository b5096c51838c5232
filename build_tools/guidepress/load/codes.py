"""The codes the loaders raise (load/*.py): reading files, YAML, the source format, BibTeX.

Each declaration carries what docs/diagnostics.md prints about the code; the
messages themselves are built where the problem is found (load/messages.py
for those that more than one loader raises).
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Code, Example
from ..examples import BIB, CHAPTER, GUIDELINE
from ..examples import chapter as _chapter
from ..examples import guideline as _guideline

_LS = "$ ls -l source/chapters/liver.yml\n"


MISSING = Code(
    "GP001",
    ERROR,
    "a required file or folder is missing",
    kind="io",
    example=Example(GUIDELINE, None),
    fix="run in the project folder (or pass `--root`); create `source/guideline.yml`",
)
NOT_UTF8 = Code(
    "GP002",
    ERROR,
    "a file is not valid UTF-8",
    kind="io",
    example=Example(CHAPTER, _chapter("subtitle: Local therapy (Lüftner)"), encoding="latin-1"),
    fix="re-save the file as UTF-8 (the position names the first bad byte)",
)
UNREADABLE = Code(
    "GP003",
    ERROR,
    "a file or folder cannot be read",
    kind="io",
    example=Example(None, _LS + "--w------- 1 editor editor 412 Mar  3 10:12 source/chapters/liver.yml"),
    fix="check permissions (a folder needs read and execute permission)",
)
OUTSIDE_LINK = Code(
    "GP004",
    ERROR,
    "a symbolic link points outside the project",
    kind="io",
    example=Example(
        None,
        _LS + "lrwxrwxrwx 1 editor editor 29 Mar  3 10:12 source/chapters/liver.yml -> /home/editor/drafts/liver.yml",
    ),
    fix="copy the file into the project",
)
YAML_SYNTAX = Code(
    "GP101",
    ERROR,
    "YAML syntax error",
    example=Example(CHAPTER, 'id: liver\ntitle: "Liver metastases\nsections: []\n'),
    fix="fix the syntax at the position given (often indentation or an unclosed quote)",
)
DUPLICATE_KEY = Code(
    "GP102",
    ERROR,
    "duplicate key in a mapping",
    example=Example(CHAPTER, _chapter("title: Liver")),
    fix="remove one of the two keys; YAML would otherwise keep the last silently",
)
UNKNOWN_KEY = Code(
    "GP103",
    ERROR,
    "unknown key",
    example=Example(CHAPTER, _chapter("subtitel: Local therapy")),
    fix="correct the spelling; the message lists the allowed keys",
)
WRONG_TYPE = Code(
    "GP104",
    ERROR,
    "value of the wrong type",
    example=Example(CHAPTER, _chapter("topics: Liver and lung metastases")),
    fix="give text, a list or a mapping as docs/format.md says; booleans are `true`/`false`; an editorial note "
    "(`editorial_notes:` item, BibTeX `editorial-note`) says what differs from the print, so it is never empty",
)
ANCHOR_ALIAS = Code(
    "GP105",
    ERROR,
    "YAML anchor, alias or merge key",
    example=Example(CHAPTER, "id: liver\ntitle: &title Liver metastases\nsubtitle: *title\nsections: []\n"),
    fix="write the value out in full",
)
TAB_INDENT = Code(
    "GP106",
    ERROR,
    "tab character used in indentation",
    example=Example(
        CHAPTER,
        "id: liver\ntitle: Liver metastases\n# the next two lines are indented with a tab\n"
        "sections:\n\t- id: liver-local-therapy\n\t  title: Local therapy\n",
    ),
    fix="indent with spaces",
)
REQUIRED_KEY = Code(
    "GP107", ERROR, "required key missing", example=Example(CHAPTER, "id: liver\nsections: []\n"), fix="add the key"
)
EMPTY_FILE = Code(
    "GP108",
    ERROR,
    "empty file",
    example=Example(CHAPTER, "# Liver metastases: to be written\n"),
    fix="give the file its content, or remove it from `guideline.yml`",
)
TOO_LARGE = Code(
    "GP109",
    ERROR,
    "file too large or nested too deeply",
    example=Example(None, _LS + "-rw-r--r-- 1 editor editor 31457280 Mar  3 10:12 source/chapters/liver.yml"),
    fix="split the file; nesting is limited to 64 levels, files to 20 MB",
)
INVALID_ID = Code(
    "GP110",
    ERROR,
    "invalid id",
    example=Example(
        CHAPTER, "id: liver\ntitle: Liver metastases\nsections:\n  - id: Local therapy\n    title: Local therapy\n"
    ),
    fix="use lower-case letters, digits and single hyphens",
)
INVALID_VALUE = Code(
    "GP111",
    ERROR,
    "invalid value (date, language, URL, tone, severity)",
    example=Example(GUIDELINE, _guideline(date="date: 3 March 2023\n")),
    fix="follow the format given in the message",
)
YAML_TAG = Code(
    "GP112",
    ERROR,
    "YAML tag (`!include`, `!!binary`)",
    example=Example(CHAPTER, _chapter("subtitle: !include liver-subtitle.txt")),
    fix="remove the tag and write the value out: guidepress reads every value as plain text and includes "
    "no files (`!!str` is allowed)",
)
INVISIBLE = Code(
    "GP113",
    ERROR,
    "invisible character (bidirectional control, zero-width space, NUL)",
    # As a transcript: the character itself would not show on the page, and would reorder it.
    example=Example(
        None,
        "$ python3 -c 'print(ascii(open(\"source/chapters/liver.yml\").read()))'\n"
        "'id: liver\\ntitle: Liver metastases\\nsubtitle: Resection \\u202eor ablation\\n"
        "sections: []\\n'",
    ),
    fix="delete the character (in most editors: move the cursor across it and delete what does not show); "
    "a soft hyphen, and a joiner inside an emoji or a word of a script that needs one, are allowed",
)
TEMPLATE_SYNTAX = Code(
    "GP114",
    ERROR,
    "template syntax error",
    example=Example("templates/cards/cards.html.j2", "<!doctype html>\n<title>{{ title }</title>\n"),
    fix="fix the Jinja2 syntax at the line given (often an unclosed `{{`, `{%` or a missing `{% endif %}`)",
)
PLACEHOLDER_SITE_URL = Code(
    "GP116",
    WARNING,
    "`site_url` in `mkdocs.yml` is a placeholder or an example address",
    example=Example("mkdocs.yml", "site_name: AGO Breast\nsite_url: https://guidelines.example.org/ago-breast/\n"),
    fix="set `site_url` (or `GUIDEPRESS_SITE_URL`, which its `!ENV` reads) to the address where the site is "
    "published: the pocket cards' QR codes point there; `build --strict` refuses to publish the placeholder",
)
LISTED_TWICE = Code(
    "GP206",
    ERROR,
    "chapter or grading scheme listed twice in `guideline.yml`",
    example=Example(GUIDELINE, _guideline(chapters="[liver, liver]")),
    fix="remove the repeated entry",
)
FILE_MISSING = Code(
    "GP207",
    ERROR,
    "chapter or grading scheme file missing",
    example=Example(GUIDELINE, _guideline(chapters="[liver, bones]")),
    fix="create `source/chapters/<id>.yml` or correct the id",
)
UNLISTED_CHAPTER = Code(
    "GP225",
    WARNING,
    "chapter file not listed in `guideline.yml`",
    example=Example("source/chapters/bones.yml", "id: bones\ntitle: Bone metastases\nsections: []\n"),
    fix="add its id to `chapters` in `guideline.yml` (or remove the file): an unlisted chapter is never published",
)
ID_NOT_FILE_NAME = Code(
    "GP208",
    ERROR,
    "id does not match its file name",
    example=Example(CHAPTER, "id: liver-metastases\ntitle: Liver metastases\nsections: []\n"),
    fix="rename the file or correct the id",
)
RAW_HTML = Code(
    "GP301",
    ERROR,
    "raw HTML or link markup in text",
    example=Example(CHAPTER, _chapter("subtitle: Resection <b>or</b> ablation")),
    fix="remove it: texts are plain with `*emphasis*`, `~sub~`, `^sup^`",
)
TEXT_ANCHOR = Code(
    "GP302",
    ERROR,
    'text that a page reads as an element id (`id="`, `{ #`)',
    example=Example(CHAPTER, _chapter('subtitle: Resection (see id="liver-resection")')),
    fix='reword it (`id = "…"`, or leave out the quotes): a page would take the text for an element id, '
    "and two elements with one id stop the build",
)
BIB_SYNTAX = Code(
    "GP401",
    ERROR,
    "BibTeX syntax error",
    example=Example(
        BIB,
        "@article{smith2020,\n  author = {Smith, Jane},\n  title = {Resection of liver metastases,\n"
        "  journal = {Journal of Surgery},\n  year = {2020},\n}\n",
    ),
    fix="fix the entry at the line given (often an unclosed brace)",
)
DUPLICATE_BIB_KEY = Code(
    "GP402",
    ERROR,
    "duplicate BibTeX key",
    example=Example(
        BIB,
        "@article{smith2020,\n  title = {Resection of liver metastases},\n  year = {2020},\n}\n"
        "@article{smith2020,\n  title = {Ablation of liver metastases},\n  year = {2020},\n}\n",
    ),
    fix="one work, one entry, one key",
)
# GP409 is checks/ref_anchors.py's.
BIB_UNCONVERTIBLE = Code(
    "GP410",
    WARNING,
    "BibTeX text that cannot be converted to plain text: an unknown LaTeX command, unbalanced "
    "braces or `$`, an undefined `@string` macro, a name that cannot be split, an unreadable `month`, `day` or "
    "`date`, a `crossref` to no entry of the file",
    example=Example(
        BIB,
        "@article{smith2020,\n  author = {Smith, Jane},\n"
        "  title = {Resection of \\acronym{CRC} liver metastases},\n  journal = {Journal of Surgery},\n"
        "  year = {2020},\n}\n",
    ),
    fix="write that text as plain Unicode (or define the macro, correct the key) as the message says; until then "
    "it is published without it, never raw",
)

CODES = (
    MISSING,
    NOT_UTF8,
    UNREADABLE,
    OUTSIDE_LINK,
    YAML_SYNTAX,
    DUPLICATE_KEY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    ANCHOR_ALIAS,
    TAB_INDENT,
    REQUIRED_KEY,
    EMPTY_FILE,
    TOO_LARGE,
    INVALID_ID,
    INVALID_VALUE,
    YAML_TAG,
    INVISIBLE,
    TEMPLATE_SYNTAX,
    PLACEHOLDER_SITE_URL,
    LISTED_TWICE,
    FILE_MISSING,
    UNLISTED_CHAPTER,
    ID_NOT_FILE_NAME,
    RAW_HTML,
    TEXT_ANCHOR,
    BIB_SYNTAX,
    DUPLICATE_BIB_KEY,
    BIB_UNCONVERTIBLE,
)
