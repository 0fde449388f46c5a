"""The repo explains itself: code cites only files inside the repo (docs/carrier-formats.md holds
the outside formats in our words), and every `docs/<file>.md §n` it cites names a heading that
exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("waybill_ui", "tests", "bench")
# Built from parts so this file does not match itself.
OUTSIDE = ("reference " + "§", "../" + "shared", "shared/" + "reference")

_NUMBER = r"\d+(?:\.\d+)*"
# "docs/x.md §1.2", "§1.2–1.4", "§1.8, §2.7, §5.6", "§4.1 and §4.4"; a citation may wrap onto the
# next line of a comment or docstring.
_SECTION = rf"§\s*({_NUMBER})(?:\s*[–-]\s*({_NUMBER}))?"
CITATION = re.compile(rf"docs/([\w.-]+\.md)((?:[\s#,;]*(?:and\s+)?{_SECTION})+)")
SECTION = re.compile(_SECTION)
HEADING = re.compile(rf"^#{{1,6}}\s+({_NUMBER})\.?\s", re.MULTILINE)


def python_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def citations(text: str) -> list[tuple[str, str]]:
    """(docs file, section number) for every section a text cites, both ends of a range."""
    found = []
    for match in CITATION.finditer(text):
        for section in SECTION.finditer(match.group(2)):
            found += [(match.group(1), number) for number in section.groups() if number]
    return found


def headings(doc: str) -> set[str]:
    return set(HEADING.findall((ROOT / "docs" / doc).read_text(encoding="utf-8")))


def test_no_source_cites_material_outside_the_repo():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in python_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(word in line for word in OUTSIDE)
    ]
    assert offenders == [], "cite docs/carrier-formats.md (or another docs/ page) instead:\n" + "\n".join(offenders)


def test_docs_do_not_send_the_reader_outside_the_repo():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    offenders = [str(p.relative_to(ROOT)) for p in pages if any(w in p.read_text(encoding="utf-8") for w in OUTSIDE)]
    assert offenders == []


def test_every_cited_docs_section_exists():
    cited = {
        (doc, number, str(path.relative_to(ROOT)))
        for path in python_files()
        if path != Path(__file__).resolve()  # its examples below are not citations
        for doc, number in citations(path.read_text(encoding="utf-8"))
    }
    assert cited, "the carriers' modules cite docs/carrier-formats.md: the pattern must find them"
    missing = []
    for doc, number, where in sorted(cited):
        if not (ROOT / "docs" / doc).is_file():
            missing.append(f"{where}: docs/{doc} does not exist")
        elif number not in headings(doc):
            missing.append(f"{where}: docs/{doc} has no heading for §{number}")
    assert missing == [], "\n".join(missing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(docs/carrier-formats.md §1.2–1.4)", [("carrier-formats.md", "1.2"), ("carrier-formats.md", "1.4")]),
        (
            "codes (docs/carrier-formats.md §1.8,\n§2.7, §5.6).",
            [("carrier-formats.md", "1.8"), ("carrier-formats.md", "2.7"), ("carrier-formats.md", "5.6")],
        ),
        ("# see docs/tracking.md §3 and §4 here", [("tracking.md", "3"), ("tracking.md", "4")]),
        ("docs/printing.md says so", []),
    ],
)
def test_the_citation_pattern_reads_every_form_the_code_uses(text, expected):
    assert citations(text) == expected


def test_a_missing_heading_is_noticed():
    assert "1.3" in headings("carrier-formats.md")
    assert "9.9" not in headings("carrier-formats.md")
