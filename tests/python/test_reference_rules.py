"""The fuzz test's reference (tests/python/reference) on the README's own examples: the oracle is only as good
as its reading of the rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reference.cleaning import clean_text, words
from reference.dates import date_layout, is_ambiguous, parse_date
from reference.mentions import is_mentioned
from reference.raw_files import (
    NON_SCALAR,
    PUBMED_CSV,
    PUBMED_JSON,
    read_csv_rows,
    read_json_rows,
    without_trailing_commas,
)


@pytest.mark.parametrize(("written", "cleaned"), [
    ("  Journal of  emergency\tnursing ", "Journal of emergency nursing"),
    ("Journal of emergency nursing\\xc3\\x28", "Journal of emergency nursing"),
    ("Espa\\xc3\\xb1a", "España"),
    ("a\u00a0\u00a0b", "a b"),
    (" \t ", None),
    (None, None),
])
def test_cleaning(written: str | None, cleaned: str | None) -> None:
    assert clean_text(written) == cleaned


@pytest.mark.parametrize(("drug", "title", "mentioned"), [
    ("TRANEXAMIC ACID", "Tranexamic-acid after knee surgery", True),
    ("PARACETAMOL", "Paracétamol and codeine", True),
    ("ATROPINE", "ATROPINE'S effect on heart rate", True),
    ("ETHANOL", "Ethanolamine exposure and methanol poisoning", False),
    ("TRANEXAMIC ACID", "Tranexamic and acid", False),
    ("VITAMIN B12", "vitamin b12 deficiency", True),
    ("ATROPINE", "ATROPINES", False),
])
def test_mentions(drug: str, title: str, mentioned: bool) -> None:
    assert is_mentioned(words(drug), title) is mentioned


@pytest.mark.parametrize(("text", "layout", "parsed", "ambiguous"), [
    ("01/02/2020", "dd/mm/yyyy", date(2020, 2, 1), True),
    ("13/01/2020", "dd/mm/yyyy", date(2020, 1, 13), False),
    ("2020-1-2", "yyyy-mm-dd", date(2020, 1, 2), False),
    ("5 march 2020", "d month yyyy", date(2020, 3, 5), False),
    ("5 Mar 2020", "d month yyyy", date(2020, 3, 5), False),
    ("5 Sept 2020", "d month yyyy", None, False),
    ("31/02/2020", "dd/mm/yyyy", None, False),
    ("March 5, 2020", None, None, False),
])
def test_dates(text: str, layout: str | None, parsed: date | None, ambiguous: bool) -> None:
    assert date_layout(text) == layout
    assert (parse_date(text) if layout else None) == parsed
    assert is_ambiguous(text) is ambiguous


def test_json_trailing_commas_go_only_outside_strings() -> None:
    assert without_trailing_commas('[{"t": "a [b, ] c", "j": "J, }",},\n]') == '[{"t": "a [b, ] c", "j": "J, }"}\n]'
    assert without_trailing_commas('[{"t": "say \\\\",}]') == '[{"t": "say \\\\"}]'


def test_json_values(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.json"
    path.write_bytes(b'\xef\xbb\xbf[{"id": 9, "title": ["A"], "date": null}, {"id": "9", "title": "t\xff", "journal": true},]')
    first, second = read_json_rows(PUBMED_JSON, path)
    assert first.values == {"id": "9", "title": NON_SCALAR, "date": None, "journal": None}
    assert second.values["id"] == "9" and second.values["journal"] is NON_SCALAR and second.has_invalid_utf8


def test_csv_is_read_as_rfc_4180_whatever_its_first_rows(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.csv"
    lines = ["ID, title ,date,journal", *(f"{n},t{n},2020-01-01,J" for n in range(20_481))]
    lines += ['1,"Atropine, with a comma",2020-01-01,"J\r\nK"', "", "   ", "2,short"]
    path.write_bytes(("\r\n".join(lines)).encode())
    rows = read_csv_rows(PUBMED_CSV, path)
    assert len(rows) == 20_484
    assert rows[-3].values == {"id": "1", "title": "Atropine, with a comma", "date": "2020-01-01", "journal": "J\r\nK"}
    assert rows[-2].values["id"] == "   " and rows[-1].values == {"id": "2", "title": "short", "date": None, "journal": None}
