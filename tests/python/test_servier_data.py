"""End to end on the original exercise files (../shared/servier), when they are there."""

from __future__ import annotations

from conftest import Build

EXPECTED_MENTIONS = {
    ("DIPHENHYDRAMINE", "pubmed:1"),
    ("DIPHENHYDRAMINE", "pubmed:2"),
    ("DIPHENHYDRAMINE", "pubmed:3"),
    ("DIPHENHYDRAMINE", "clinical_trial:NCT01967433"),
    ("DIPHENHYDRAMINE", "clinical_trial:NCT04189588"),
    ("DIPHENHYDRAMINE", "clinical_trial:NCT04237091"),
    ("TETRACYCLINE", "pubmed:4"),
    ("TETRACYCLINE", "pubmed:5"),
    ("TETRACYCLINE", "pubmed:6"),
    ("ETHANOL", "pubmed:6"),
    ("EPINEPHRINE", "pubmed:7"),
    ("EPINEPHRINE", "pubmed:8"),
    ("EPINEPHRINE", "clinical_trial:NCT04188184"),
    ("ISOPRENALINE", "pubmed:9"),
    ("BETAMETHASONE", "pubmed:10"),
    ("BETAMETHASONE", "pubmed:11"),
    ("BETAMETHASONE", "clinical_trial:NCT04153396"),
    # the record with an empty id in pubmed.json: the only mention of ATROPINE
    ("BETAMETHASONE", "pubmed:<no id>"),
    ("ATROPINE", "pubmed:<no id>"),
}


def test_every_expected_mention_and_no_other(servier_build: Build) -> None:
    rows = servier_build.query("""
        select d.drug_name, case when p.is_id_generated then 'pubmed:<no id>' else m.publication_key end
        from marts.fct_drug_mentions as m
        inner join marts.dim_drugs as d on m.drug_id = d.drug_id
        inner join marts.dim_publications as p on m.publication_key = p.publication_key
    """)
    assert set(rows) == EXPECTED_MENTIONS
    assert len(rows) == len(EXPECTED_MENTIONS)


def test_traps_are_handled(servier_build: Build) -> None:
    assert set(servier_build.query("select source_file, source_row, rejection_reason from data_quality.dq_rejected_rows")) == {
        ("clinical_trials.csv", 3, "missing_title"),
        ("pubmed.csv", 9, "empty_row"),
    }
    assert servier_build.query("select source_file, source_row, merged_into from data_quality.dq_merged_rows") == [
        ("clinical_trials.csv", 7, "clinical_trial:NCT03490942"),
    ]
    journals = servier_build.query("""
        select j.journal_name from marts.dim_publications as p inner join marts.dim_journals as j on p.journal_id = j.journal_id
        where p.publication_key in ('clinical_trial:NCT04188184', 'clinical_trial:NCT03490942')
    """)
    assert journals == [("Journal of emergency nursing",), ("Journal of emergency nursing",)]
    (title,) = servier_build.query(
        "select title from marts.dim_publications where publication_key = 'clinical_trial:NCT04153396'"
    )[0]
    assert title.endswith("Laminoplasty or ñ Laminectomy")


def test_top_journals_is_a_three_way_tie(servier_build: Build) -> None:
    assert servier_build.show("top_journals") == [
        {"journal": "Journal of emergency nursing", "distinct_drugs": 2},
        {"journal": "Psychopharmacology", "distinct_drugs": 2},
        {"journal": "The journal of maternal-fetal & neonatal medicine", "distinct_drugs": 2},
    ]


def test_drugs_sharing_pubmed_journals(servier_build: Build) -> None:
    answers = {
        "TETRACYCLINE": [{"drug": "ETHANOL"}],
        "betamethasone": [{"drug": "ATROPINE"}],
        "Atropine": [{"drug": "BETAMETHASONE"}],
        "DIPHENHYDRAMINE": [],
        "EPINEPHRINE": [],
    }
    for drug, expected in answers.items():
        assert servier_build.show("drugs_sharing_pubmed_journals", f"{{drug: {drug}}}") == expected, drug
