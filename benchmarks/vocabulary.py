"""What a synthetic guideline is drawn from: the repository's grading codes, clinical words,
conditions, footnote markers, journals and surnames; and YAML scalars written from them."""

from __future__ import annotations

import json
import re

# Grading: the repository's own schemes (Oxford LoE, Oxford GR, AGO).
LOE = ["1a", "1b", "1c", "2a", "2b", "2c", "3a", "3b", "3", "4", "5"]
# The strongest Oxford grade each evidence level allows (gr.yml rules).
GR_ALLOWED = {
    loe: (
        ["A", "B", "C", "D"]
        if loe in ("1a", "1b", "1c")
        else ["B", "C", "D"]
        if LOE.index(loe) <= LOE.index("3")
        else ["C", "D"]
        if loe == "4"
        else ["D"]
    )
    for loe in LOE
}
AGO = ["++", "+", "+/-", "-", "--"]

WORDS = """
adjuvant ablation axillary biopsy bisphosphonate bone brain capecitabine chemotherapy cisplatin
cytology denosumab drainage effusion endocrine eribulin fulvestrant histology hormone imaging
infusion instillation interval irradiation lesion letrozole liver local lung lymph margin
mastectomy metastases monitoring neoadjuvant nodal oligometastatic palliative paclitaxel pathology
pericardial pleural primary progression puncture radiotherapy recurrence resection response
sentinel staging stereotactic surgery surveillance systemic targeted therapy thoracoscopy
treatment tumour ultrasound visceral weekly pembrolizumab olaparib trastuzumab pertuzumab
""".split()
CONNECT = "in after before with without for of in case of if or and during".split()
CONDITIONS = [
    "HER2-positive:",
    "Hormone receptor-positive:",
    "Triple-negative:",
    "Symptomatic patients:",
    "Oligometastatic disease:",
    "After progression:",
    "Premenopausal patients:",
    "BRCA1/2 carriers:",
]
MARKERS = ["*", "**", "#", "†"]
JOURNALS = [
    "J Clin Oncol",
    "Lancet Oncol",
    "Breast Cancer Res Treat",
    "Ann Oncol",
    "Eur J Cancer",
    "JAMA Oncol",
    "N Engl J Med",
    "Breast",
    "Radiother Oncol",
    "Cancer",
]
SURNAMES = """Albert Bauer Diel Fehm Gerber Hanf Janni Kreipe Loibl Lux Maass Rody Schütz Thomssen
Smith Jones Nguyen Garcia Rossi Müller Dubois Tanaka Kim Ivanova Kowalski Silva Andersen""".split()
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.()/–'-]*$")


def q(text: str) -> str:
    """A YAML scalar for ``text``: plain when safe, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(text) and not text.endswith((" ", ":")) and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"
