"""Unit tests of the raw-file loader package (python/drug_graph_loader), without dbt."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from drug_graph_loader import inspect as inspect_module
from drug_graph_loader.csv_layout import csv_layout, has_data_rows
from drug_graph_loader.errors import RawFileError
from drug_graph_loader.fingerprint import fingerprint_file, write_repaired_copy
from drug_graph_loader.inspect import inspect_files, remove_copies
from drug_graph_loader.json_records import (
    encoded_row,
    parse_records,
    without_trailing_commas,
    write_normalized_copy,
)
from drug_graph_loader.kinds import Kind
from drug_graph_loader.listing import list_raw_files
from reference.raw_files import (
    without_trailing_commas as reference_without_trailing_commas,
)

DRUGS = Kind("drugs", "drugs*.csv", "csv", True, ("atccode", "drug"))
PUBMED_CSV = Kind("pubmed_csv", "pubmed*.csv", "csv", False, ("id", "title", "date", "journal"))
PUBMED_JSON = Kind("pubmed_json", "pubmed*.json", "json", False, ("id", "title", "date", "journal"))
KINDS = [DRUGS, PUBMED_CSV, PUBMED_JSON]


def test_names_are_matched_literally(tmp_path: Path) -> None:
    for name in ["drugs.csv", "pubmed_[ab].csv", "pubmed_a.csv", "pubmed_?.csv", "pubmed_O'Brien.csv",
                 "pubmed.json", "notes.txt", "clinical_trials.csv"]:
        (tmp_path / name).write_text("x\n")
    (tmp_path / "pubmed_dir.csv").mkdir()
    files = list_raw_files(str(tmp_path), KINDS)
    assert [(file.file_kind, file.source_file) for file in files] == [
        ("drugs", "drugs.csv"),
        ("pubmed_csv", "pubmed_?.csv"),
        ("pubmed_csv", "pubmed_O'Brien.csv"),
        ("pubmed_csv", "pubmed_[ab].csv"),
        ("pubmed_csv", "pubmed_a.csv"),
        ("pubmed_json", "pubmed.json"),
    ]
    assert all(file.file_path == str(tmp_path / file.source_file) for file in files)


def test_missing_folder_and_missing_drugs(tmp_path: Path) -> None:
    with pytest.raises(RawFileError, match="is missing or empty"):
        list_raw_files(str(tmp_path / "nowhere"), KINDS)
    (tmp_path / "pubmed.csv").write_text("id\n")
    with pytest.raises(RawFileError, match=r"No drugs\*.csv file"):
        list_raw_files(str(tmp_path), KINDS)


@pytest.mark.parametrize(("header", "delimiter", "positions"), [
    ("id,title,date,journal", ",", (0, 1, 2, 3)),
    ("\ufeffJournal ; DATE;title; id ", ";", (3, 2, 1, 0)),
    ("id\ttitle\tdate\tjournal\textra", "\t", (0, 1, 2, 3)),
    ('"id"|"ti""tle"|title|date|journal', "|", (0, 2, 3, 4)),
])
def test_layout_from_header(tmp_path: Path, header: str, delimiter: str, positions: tuple[int, ...]) -> None:
    path = tmp_path / "pubmed.csv"
    path.write_text(header + "\n1,a,b,c\n", encoding="utf-8")
    layout = csv_layout(str(path), PUBMED_CSV)
    assert (layout.delimiter, layout.positions) == (delimiter, positions)
    assert layout.column_count == len(header.split(delimiter))


def test_layout_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.csv"
    path.write_text("id,name,date,journal\n", encoding="utf-8")
    with pytest.raises(RawFileError, match=r"pubmed.csv: missing required column\(s\) title \(found: id, name"):
        csv_layout(str(path), PUBMED_CSV)
    path.write_bytes(b"\n  \n")
    with pytest.raises(RawFileError, match="pubmed.csv: the file is empty"):
        csv_layout(str(path), PUBMED_CSV)


def test_header_only_drugs_file(tmp_path: Path) -> None:
    path = tmp_path / "drugs.csv"
    path.write_text('atccode,drug\n\n \n""\n,\n', encoding="utf-8")
    assert not has_data_rows(str(path), csv_layout(str(path), DRUGS))
    result = inspect_files(
        {"copies_dir": str(tmp_path / "copies"), "checksum": [],
         "plan": [{"file_kind": "drugs", "source_file": "drugs.csv", "file_path": str(path)}]}, KINDS)
    assert result == {"error": f"Raw file {path}: no value after the header; the drugs list cannot be empty."}
    path.write_text('atccode,drug\n"A01","x"\n', encoding="utf-8")
    assert has_data_rows(str(path), csv_layout(str(path), DRUGS))


def test_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    # a two-byte character split over the chunk boundary is valid UTF-8
    path.write_bytes(b"a" * ((1 << 22) - 1) + "é".encode() + b"b")
    first = fingerprint_file(str(path))
    assert first.is_utf8 and first.size_bytes == (1 << 22) + 2
    path.write_bytes(b"a" * ((1 << 22) - 1) + "è".encode() + b"b")
    assert fingerprint_file(str(path)).checksum != first.checksum
    path.write_bytes(b"id,title\n1,bad \xc3\x28 text\n2,ok\n3,cut \xc3")
    assert not fingerprint_file(str(path)).is_utf8
    copy = tmp_path / "copy.csv"
    write_repaired_copy(str(path), str(copy))
    assert copy.read_text(encoding="utf-8") == "id,title\n1,bad \ufffd( text\n2,ok\n3,cut \ufffd"


def test_mixed_line_ends_get_a_copy_with_lf(tmp_path: Path) -> None:
    path = tmp_path / "drugs.csv"
    for text, mixed in [(b"a,b\r\n1,2\r\n", False), (b"a,b\n1,2\n", False), (b"a,b\r\n1,2\n3,4\n", True)]:
        path.write_bytes(text)
        assert fingerprint_file(str(path)).has_mixed_line_ends is mixed
    # a CRLF split over the chunk boundary counts as one, and is written as LF
    path.write_bytes(b"a" * ((1 << 22) - 1) + b"\r\n" + b"x\n" + b'"q\r\nr"\r\n')
    assert fingerprint_file(str(path)).has_mixed_line_ends
    copy = tmp_path / "copy.csv"
    write_repaired_copy(str(path), str(copy))
    assert copy.read_bytes() == b"a" * ((1 << 22) - 1) + b"\nx\n" + b'"q\nr"\n'
    path.write_bytes(b"a\r\nb\xff\r")
    write_repaired_copy(str(path), str(copy))
    assert copy.read_bytes() == "a\nb\ufffd\r".encode()


def test_trailing_commas_go_outside_strings_only() -> None:
    text = '[{"title": "Atropine [a, b, ] list", "journal": "J, }", "e": "\\", ]"},\n]'
    assert without_trailing_commas(text) == '[{"title": "Atropine [a, b, ] list", "journal": "J, }", "e": "\\", ]"}\n]'
    assert json.loads(without_trailing_commas('[{"a": [1, 2, ], },]')) == [{"a": [1, 2]}]


def test_json_rows(tmp_path: Path) -> None:
    path = tmp_path / "pubmed.json"
    path.write_bytes(
        b'\xef\xbb\xbf[{"id": 10, "title": "A, }", "date": "1 January 2020", "journal": "J"},\n'
        b' {"id": 1.50, "title": ["Atropine", "x"], "date": null, "journal": "J"},\n'
        b' {"id": "3", "title": "t", "title": "u", "date": "d", "journal": "J"},\n'
        b' {"id": "4", "title": "bad \xff", "date": "d", "journal": true},\n'
        b' {"id": "5", "title": {"a": 1}, "date": "d", "journal": "J"},\n]'
    )
    copy = tmp_path / "copy.ndjson"
    assert write_normalized_copy(str(path), "pubmed.json", PUBMED_JSON, str(copy)) == 5
    rows = [json.loads(line) for line in copy.read_text(encoding="utf-8").splitlines()]
    assert [(row["source_row"], row["id"], row["title"], row["load_issue"]) for row in rows] == [
        (1, "10", "A, }", None),
        (2, "1.50", '["Atropine", "x"]', "non_scalar_value"),
        (3, "3", "u", "duplicate_key"),
        (4, "4", "bad \ufffd", "invalid_utf8"),
        (5, "5", '{"a": "1"}', "non_scalar_value"),
    ]
    assert rows[3]["journal"] == "true"
    assert all(row["source_file"] == "pubmed.json" for row in rows)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "not valid JSON"),
    (b'[{"id": 1', "not valid JSON"),
    (b'[{"id": NaN, "title": "t", "date": "d", "journal": "j"}]', "not valid JSON"),
    (b'{"id": 1}', "expected a JSON array of objects"),
    (b'[{"id": 1}, 2]', "expected a JSON array of objects"),
    (b'[{"id": 1, "title": "t", "date": "d"}]', r"missing required column\(s\) journal"),
])
def test_json_errors_name_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "pubmed_x.json"
    path.write_bytes(content)
    with pytest.raises(RawFileError, match=f"pubmed_x.json: {message}"):
        parse_records(str(path), PUBMED_JSON)
    path.write_text("[ ]")
    assert parse_records(str(path), PUBMED_JSON) == []


def test_inspect_plans_and_checksums(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "drugs.csv").write_text("drug;atccode\nx;A\n", encoding="utf-8")
    (raw / "pubmed_bad.csv").write_bytes(b"id,title,date,journal\n1,\xff,d,j\n")
    (raw / "pubmed.json").write_text('[{"id": 1, "title": "t", "date": "d", "journal": "j"},]', encoding="utf-8")
    files = [{"file_kind": f.file_kind, "source_file": f.source_file, "file_path": f.file_path}
             for f in list_raw_files(str(raw), KINDS)]
    copies = tmp_path / "copies"
    result = inspect_files({"copies_dir": str(copies), "plan": files, "checksum": files[:1]}, KINDS)
    plans = {plan["source_file"]: plan for plan in result["plans"]}
    assert plans["drugs.csv"]["delimiter"] == ";" and plans["drugs.csv"]["positions"] == [1, 0]
    assert plans["drugs.csv"]["read_path"] == str(raw / "drugs.csv")
    assert plans["pubmed_bad.csv"]["is_repaired"] and Path(plans["pubmed_bad.csv"]["read_path"]).parent == copies
    assert plans["pubmed.json"]["read_format"] == "ndjson"
    assert result["checksums"] == {"drugs.csv": plans["drugs.csv"]["checksum"]}
    # copies are named after name and checksum, with no character of the name
    assert all(Path(plan["read_path"]).name.isascii() for plan in plans.values())


def test_inspect_in_two_processes_gives_the_same_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "drugs.csv").write_text("drug;atccode\nx;A\n", encoding="utf-8")
    (raw / "pubmed_bad.csv").write_bytes(b"id,title,date,journal\n1,\xff,d,j\n")
    for number in range(4):
        (raw / f"pubmed_{number}.json").write_text(f'[{{"id": {number}, "title": "t", "date": "d", "journal": "j"}},]')
        (raw / f"clinical_trials_{number}.csv").write_text(f"id,scientific_title,date,journal\n{number},t,d,j\n")
    # the two costliest files: the first is read here, the second, whose name is not UTF-8, by the second
    # process, and comes back as it went
    (raw / "clinical_trials_big.csv").write_text("id,scientific_title,date,journal\n" + "8,t,d,j\n" * 20_000)
    (raw / os.fsdecode(b"clinical_trials_\xff.csv")).write_text("id,scientific_title,date,journal\n" + "9,t,d,j\n" * 19_999)
    files = [{"file_kind": f.file_kind, "source_file": f.source_file, "file_path": f.file_path}
             for f in list_raw_files(str(raw), KINDS)]
    request = {"copies_dir": str(tmp_path / "copies"), "plan": files[1:], "checksum": files[:3]}
    started = []
    popen = inspect_module.subprocess.Popen
    monkeypatch.setattr(inspect_module.subprocess, "Popen", lambda *a, **k: started.append(a) or popen(*a, **k))
    one = inspect_files(request, KINDS)
    assert not started
    two = inspect_files(request, KINDS, two_processes_from_bytes=0)
    assert len(started) == 1 and two == one and len(one["plans"]) == len(files) - 1
    # an error met in either process stops the inspection, naming the file
    for number in range(4):
        (raw / f"pubmed_{number}.json").write_text("[{")
        answer = inspect_files(request, KINDS, two_processes_from_bytes=0)
        assert answer == {"error": f"Raw file {raw / f'pubmed_{number}.json'}: not valid JSON, even allowing trailing commas."}
        (raw / f"pubmed_{number}.json").write_text("[]")


def test_only_copies_are_removed(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    raw = tmp_path / "pubmed.json"
    raw.write_text("[]")
    (copies / "a.ndjson").write_text("")
    (copies / "b.link.csv").symlink_to(raw)
    (copies / "kept.csv").write_text("")
    paths = [str(copies / "a.ndjson"), str(copies / "b.link.csv"), str(raw), str(copies / "gone.csv")]
    assert remove_copies(str(copies), paths) == 2
    assert sorted(path.name for path in copies.iterdir()) == ["kept.csv"] and raw.exists()


def test_trailing_commas_agree_with_the_reference_on_random_texts() -> None:
    """The one-pass rewrite against the character-by-character reference of tests/python/reference, on seeded
    random texts of the characters that matter (quotes, escapes, commas, brackets, JSON whitespace)."""
    generator = random.Random(20)
    alphabet = ['"', "\\", ",", "]", "}", "[", "{", " ", "\n", "\t", "a", ":", "\u00a0"]
    for _ in range(5_000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 24)))
        assert without_trailing_commas(text) == reference_without_trailing_commas(text), repr(text)


def test_encoded_rows_are_the_bytes_of_json_dumps() -> None:
    generator = random.Random(22)
    alphabet = ['"', "\\", "\n", "\u00e9", "\u2028", "\x1f", "a", " ", "\ufffd", "/"]
    for source_row in range(1_000):
        row: dict[str, object] = {"source_file": "pubmed_é.json", "source_row": source_row}
        for column in ("id", "title", "date", "journal", "load_issue"):
            length = generator.randint(-1, 8)
            row[column] = None if length < 0 else "".join(generator.choice(alphabet) for _ in range(length))
        assert encoded_row(row) == json.dumps(row, ensure_ascii=False), repr(row)
