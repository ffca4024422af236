r"""Generate a deterministic synthetic raw-data folder to benchmark the pipeline.

Usage::

    python bench/generate_data.py OUT_DIR --publications N --drugs M [--seed 42]
        [--files-per-kind K] [--json-share 0.02] [--append-percent P] [--jobs J]

The folder holds the same kinds of raw files as the real input:

* ``drugs.csv`` (``atccode,drug``): M distinct drug names of 1 to 3 words built
  from pharmaceutical stems and salts, in mixed case with stray spaces.
* ``pubmed_NNNN.csv`` (``id,title,date,journal``) and ``pubmed_NNNN.json`` (a JSON
  array of objects with the same keys, ``id`` a number or a string): 90% of the
  publications, a ``--json-share`` of them in JSON.
* ``clinical_trials_NNNN.csv`` (``id,scientific_title,date,journal``): the other 10%.
* ``_expected_counts.json``: the number of data rows written to each file.

Titles are 10 to 25 words drawn from a Zipf-like vocabulary; about 5% mention one or
two drugs (upper, lower or title case, an accented letter, hyphen-joined words, in
parentheses, followed by "'s") and about 1% hold near-misses that must not match (a
drug word glued to other letters, or only the first word of a multi-word drug).
Low-rate traps of real data are included: empty ids, literal ``\xc3\xb1`` and
``\xc3\x28`` escape text, CRLF line endings, a UTF-8 BOM, fully quoted files, quoted
fields holding commas and doubled quotes, a whitespace-only last line, no final
newline, JSON arrays with a trailing comma, journals with other casing or doubled
spaces, dates as ``dd/mm/yyyy``, ``yyyy-mm-dd`` or ``d Month yyyy``.

With ``--append-percent P`` only new files (``pubmed_incr_NNNN.csv`` ...) are
written, holding P% more publications whose ids do not collide with the base data of
the same seed and sizes; their counts are merged into ``_expected_counts.json``.

The same arguments always give the same bytes, whatever ``--jobs``: every file is
generated from its own seed, in parallel across files.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import itertools
import json
import os
import random
import re
import sys
import time
import unicodedata
from array import array
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

POOL_SIZE = 1 << 16  # every pool is indexed by one random uint16
BATCH_ROWS = 50_000  # rows made and written at a time (fixed: part of determinism)
PUBMED_SHARE = 0.9
PUBMED_ID_BASE = 1_000  # ids of a file: BASE + 3 * global row number (+ 0..2)
TRIAL_NUMBER_BASE = 1_000_000  # NCT + 8 digits
TRIAL_NUMBER_LIMIT = 100_000_000

MENTION_RATE = 0.05
NEAR_MISS_RATE = 0.01
EMPTY_ID_RATE = 0.001
ESCAPE_TITLE_RATE = 0.0002
STRING_JSON_ID_RATE = 0.25

BOM = b"\xef\xbb\xbf"
ESCAPE_WORDS = (
    "Espa\\xc3\\xb1a", "ni\\xc3\\xb1os", "a\\xc3\\xb1o", "\\xc3\\x28", "caf\\xc3\\x28",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
NAME_PATTERN = re.compile(
    r"^(drugs\.csv|_expected_counts\.json"
    r"|(pubmed|clinical_trials)(_incr)?_\d{4}\.(csv|json))$"
)

# --- drug name material ---------------------------------------------------------
DRUG_PREFIXES = (
    "meth", "eth", "prop", "but", "amox", "ceph", "clar", "dox", "flu", "lev", "met",
    "nor", "pred", "ris", "ser", "tam", "val", "zol", "ator", "bisop", "cand", "dicl",
    "enal", "glib", "hydr", "ibu", "ket", "lor", "nap", "omep", "pant", "quin", "ram",
    "sim", "telm", "vesp", "warf", "abac", "bev", "cet", "dar", "ecul", "fosf", "gab",
    "hal", "imat", "lam", "mor", "nif", "olan", "parox", "ros", "sit", "terb", "urs",
    "venl", "zid", "acl", "brim", "carb", "dex", "esc", "fex", "gem", "iso", "lin",
    "mirt", "neb", "oxc", "pirf", "rit", "sulf", "trox", "vor", "xyl", "zan",
)  # fmt: skip
DRUG_MIDDLES = (
    "", "a", "o", "i", "ox", "ami", "ol", "ep", "ra", "ti", "ro", "ace", "clo", "fen",
    "pi", "zo", "dro", "mo", "nu", "ve", "xa", "li",
)  # fmt: skip
DRUG_SUFFIXES = (
    "cillin", "pril", "sartan", "olol", "azole", "mab", "tinib", "statin", "dipine",
    "prazole", "floxacin", "mycin", "cycline", "vir", "tide", "parin", "lukast",
    "setron", "triptan", "afil", "dronate", "profen", "oxetine", "barbital", "zepam",
    "caine", "gliptin", "glitazone", "lamide", "semide", "thiazide", "dopa", "sone",
    "olone", "asone", "amine", "idine", "oxin", "umab", "ximab", "zumab", "platin",
    "rubicin", "tabine", "trexate", "vudine", "navir", "conazole", "fungin", "terol",
    "phylline", "tropium", "dronium", "curium",
)  # fmt: skip
ACID_SUFFIXES = ("amic", "oic", "onic", "inic", "uric", "ic")
SALTS = (
    "SODIUM", "HYDROCHLORIDE", "POTASSIUM", "CALCIUM", "MAGNESIUM", "PHOSPHATE",
    "SULFATE", "ACETATE", "CITRATE", "MALEATE", "MESYLATE", "TARTRATE", "SUCCINATE",
    "BROMIDE", "DIPROPIONATE", "HYCLATE", "FUMARATE", "BESILATE", "TROMETAMOL",
    "MONOHYDRATE",
)  # fmt: skip
CATIONS = ("SODIUM", "POTASSIUM", "CALCIUM", "MAGNESIUM")
ANIONS = ("PHOSPHATE", "SUCCINATE", "ACETATE", "CITRATE", "SULFATE", "FUMARATE")
ATC_GROUPS = "ABCDGHJLMNPRSV"
GLUE_PREFIXES = ("x", "pre", "de", "neo", "an", "un")
GLUE_SUFFIXES = ("amine", "ine", "ic", "s", "ate", "ism", "x", "ide", "ium")

# --- title vocabulary material ---------------------------------------------------
COMMON_WORDS = (
    "of", "the", "in", "and", "with", "a", "for", "patients", "on", "to", "study",
    "effect", "treatment", "randomized", "trial", "clinical", "analysis", "risk",
    "after", "versus", "outcomes", "association", "during", "among", "children",
    "adults", "cohort", "disease", "therapy", "efficacy", "safety", "evaluation",
    "using", "based", "cancer", "cell", "cells", "acute", "chronic", "severe", "phase",
    "care", "hospital", "review", "systematic", "meta-analysis", "cross-sectional",
    "double-blind", "placebo-controlled", "real-world", "prospective", "retrospective",
    "multicenter", "pilot", "open-label", "response", "dose", "infusion", "injection",
    "oral", "intravenous", "model", "mice", "rats", "human", "vitro", "vivo",
    "COVID-19", "SARS-CoV-2", "HIV", "type", "2", "diabetes", "heart", "failure",
    "kidney", "liver", "brain", "blood", "pressure", "pain", "surgery", "postoperative",
    "infection", "resistance", "expression", "protein", "gene", "receptor", "signaling",
    "pathway", "inflammation", "mortality", "survival", "quality", "life", "women",
    "men", "older", "pediatric", "neonatal", "pregnancy", "prevention", "management",
    "diagnosis", "screening", "impact", "role", "use", "comparison", "between", "from",
    "by", "at", "its", "new", "novel", "early", "long-term", "short-term", "factors",
    "levels", "serum", "plasma", "is", "are", "an", "or", "not", "high", "low", "year",
    "years", "weeks", "12-week", "follow-up", "primary", "secondary", "endpoint",
    "randomised", "controlled", "group", "groups", "population", "national", "regional",
    "data", "evidence", "guidelines", "practice", "nursing", "emergency", "intensive",
    "unit", "ICU", "adverse", "events", "tolerability", "pharmacokinetics",
    "bioavailability", "exposure", "incidence", "prevalence", "trends", "mechanisms",
    "molecular", "genetic", "variants", "biomarkers", "imaging", "MRI", "CT",
    "ultrasound", "laparoscopic", "minimally", "invasive", "elderly", "healthy",
    "volunteers", "II", "III", "IV", "single", "multiple", "ascending", "doses",
    "sleep", "fever", "sedation", "anaesthesia", "anesthesia", "knee", "hip", "spine",
    "stroke", "sepsis", "asthma", "obesity", "hypertension", "depression", "anxiety",
    "schizophrenia", "epilepsy", "migraine", "arthritis", "psoriasis", "eczema",
    "lupus", "tuberculosis", "malaria", "influenza", "hepatitis", "pneumonia",
    "bacterial", "viral", "fungal", "strains", "isolates", "outbreak", "community",
    "primary-care", "cost", "cost-effectiveness", "access", "adherence", "education",
    "training", "survey", "questionnaire", "validation", "reliability", "score",
    "index", "predictors", "mediated", "induced", "associated", "related", "dependent",
    "targeted", "versus", "compared",
)  # fmt: skip
ACCENTED_WORDS = (
    "étude", "thérapie", "résultats", "efficacité", "évaluation", "sécurité", "fièvre",
    "hôpital", "prévalence", "santé", "médicament", "médicaments", "traitement",
    "après", "réponse", "données", "qualité", "stratégie", "période", "sévère",
    "années", "équipe", "expérience", "pédiatrique", "néonatale", "chirurgie",
    "maladie", "infirmière", "régionale", "niños", "año", "atención", "evaluación",
    "eficacia", "estudio", "pacientes", "tratamiento", "análisis", "cirugía", "über",
    "Behandlung", "Ergebnisse", "première", "intérêt", "échographie", "épidémiologie",
    "clinique", "cohorte", "à", "de", "des", "du", "et", "la", "le", "les", "en", "y",
    "con", "para", "una",
)  # fmt: skip
ROOTS = (
    "cardi", "neur", "hepat", "nephr", "gastr", "derm", "oste", "arthr", "hem", "my",
    "pulmon", "ocul", "rhin", "ot", "cyt", "path", "onc", "immun", "endocrin", "vascul",
    "lymph", "cereb", "spin", "ren", "thyr", "pancreat", "col", "enter", "angi",
    "bronch", "laryng", "hyster", "mamm", "prost", "gluc", "lip", "chol", "fibr",
    "scler", "leuk", "thromb", "cortic", "synap", "mitochondri", "gen", "tox",
    "metabol", "inflamm", "muscul", "cutane", "dent", "orth", "ped", "geri", "psych",
    "somat", "ret", "cochle", "trache", "esophag", "duoden", "ile", "splen", "adren",
    "ovar", "test", "placent", "fet", "embry", "chondr",
)  # fmt: skip
CONNECTORS = ("o", "i", "a", "")
ENDINGS = (
    "logy", "logic", "logical", "pathy", "pathic", "itis", "osis", "al", "ic", "ar",
    "ary", "ous", "oid", "ectomy", "otomy", "scopy", "graphy", "genic", "genesis",
    "cyte", "cytic", "plasty", "trophy", "trophic", "emia", "algia", "ism", "ity",
    "ation", "ive", "ology", "metry", "gram", "lysis", "lytic", "stasis", "static",
    "penia", "philia",
)  # fmt: skip
VOCAB_SIZE = 3_500

# --- journal material ------------------------------------------------------------
FIELDS = (
    "cardiology", "neurology", "oncology", "pharmacology", "toxicology", "pediatrics",
    "emergency nursing", "food protection", "clinical immunology", "allergy",
    "dermatology", "endocrinology", "gastroenterology", "hepatology", "nephrology",
    "urology", "psychiatry", "psychology", "rheumatology", "infectious diseases",
    "microbiology", "virology", "epidemiology", "public health", "nutrition",
    "obstetrics", "gynecology", "surgery", "orthopaedics", "anesthesiology",
    "critical care", "radiology", "nuclear medicine", "pathology", "hematology",
    "immunology", "genetics", "genomics", "molecular biology", "cell biology",
    "biochemistry", "biophysics", "bioinformatics", "pharmacy", "pharmaceutics",
    "medicinal chemistry", "drug delivery", "clinical pharmacology", "therapeutics",
    "internal medicine", "family medicine", "geriatrics", "neonatology",
    "ophthalmology", "otolaryngology", "dentistry", "oral biology", "sports medicine",
    "rehabilitation", "pain medicine", "palliative care", "sleep medicine",
    "respiratory medicine", "pulmonology", "vascular surgery", "transplantation",
    "tropical medicine", "parasitology", "veterinary science", "environmental health",
    "occupational medicine", "health economics", "health policy", "medical informatics",
    "biostatistics", "clinical trials", "regulatory science", "photochemistry",
    "photobiology", "maternal-fetal medicine", "neonatal medicine", "addiction",
    "substance abuse", "behavioral science", "neuroscience", "neuropsychology",
    "stroke research", "diabetes research", "obesity research", "cancer research",
    "experimental medicine", "translational medicine", "laboratory medicine",
    "clinical chemistry", "forensic science", "wound care", "burns",
)  # fmt: skip
JOURNAL_TEMPLATES = (
    "Journal of {f}", "The journal of {f}", "{F} research", "Annals of {f}",
    "International journal of {f}", "{F} letters", "European journal of {f}",
    "American journal of {f}", "Journal of {f} and {g}", "{F} reports", "Revue de {f}",
    "Acta {f}", "{F}: an international journal", "Journal of {f}. {G}",
    "Archives of {f}", "Current opinion in {f}", "Frontiers in {f}", "Clinical {f}",
    "BMC {f}", "{F} today", "Advances in {f}", "Journal of {f}, {g} and {h}",
    "Revue française de {f}", "Hôpitaux universitaires de {c}", "{C} medical journal",
    "Nordic journal of {f}", "Asian journal of {f}", "Seminars in {f}", "{F} and {g}",
    "Trends in {f}",
)  # fmt: skip
CITIES = (
    "Genève", "Lyon", "Montréal", "Québec", "Zürich", "Málaga", "São Paulo", "Kraków",
    "Helsinki", "Boston", "Toronto", "Sydney", "Osaka", "Seoul", "Nairobi", "Lagos",
)  # fmt: skip
N_JOURNALS = 3_000


def fold(text: str) -> str:
    """Lower-case, drop accents, single spaces between words (as the pipeline does)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[^0-9a-z]+", stripped)).strip()


def zipf_cum_weights(n: int, exponent: float) -> list[float]:
    """Cumulative weights 1/rank**exponent for ranks 1..n."""
    return list(
        itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1))
    )


@dataclass(frozen=True)
class Drug:
    """One drug: its code, its words (lower case) and its text in drugs.csv."""

    code: str
    words: tuple[str, ...]
    written: str


@dataclass
class Context:
    """What the files of one seed and drug count share (same in every process)."""

    drugs: list[Drug]
    drug_cum: list[float]
    multi_word: list[Drug]
    drug_words: frozenset[str]
    first_chunks: list[str]
    chunks: list[str]
    tails: list[str]
    dates: list[str]
    journals: list[str]


@dataclass(frozen=True)
class FileTask:
    """One output file: kind, name, rows, first global row number and traps."""

    kind: str  # "pubmed_csv", "pubmed_json" or "trials_csv"
    name: str
    rows: int
    first_row: int
    traps: frozenset[str]


def stem_candidates() -> tuple[list[str], list[str]]:
    """Return all plain stems and all '-ic' acid stems, sorted (for determinism)."""
    plain = {
        p + m + s for p in DRUG_PREFIXES for m in DRUG_MIDDLES for s in DRUG_SUFFIXES
    }
    acid = {
        p + m + s for p in DRUG_PREFIXES for m in DRUG_MIDDLES for s in ACID_SUFFIXES
    }
    return sorted(plain), sorted(acid - plain)


def write_case(words: list[str], rng: random.Random) -> list[str]:
    """Words in one of several casings, as found in a hand-kept drug list."""
    r = rng.random()
    if r < 0.5:
        return [w.upper() for w in words]
    if r < 0.75:
        return [w.title() for w in words]
    if r < 0.85:
        return [w.lower() for w in words]
    return [w.upper() if rng.random() < 0.5 else w.lower() for w in words]


def build_drugs(n_drugs: int, seed: int) -> list[Drug]:
    """M drugs with distinct names; every stem is used by exactly one drug."""
    rng = random.Random(f"{seed}:drugs")
    plain, acid = stem_candidates()
    kinds = []
    for _ in range(n_drugs):
        r = rng.random()
        kinds.append(
            "single" if r < 0.62 else "salt" if r < 0.80 else "acid" if r < 0.86
            else "pair" if r < 0.92 else "salt2" if r < 0.96 else "pair_salt"
        )  # fmt: skip
    n_plain = sum(1 + (k in ("pair", "pair_salt")) for k in kinds if k != "acid")
    n_acid = kinds.count("acid")
    if n_plain > len(plain) or n_acid > len(acid):
        raise SystemExit(f"--drugs {n_drugs} is more than the stem material allows")
    plain_iter = iter(rng.sample(plain, n_plain))
    acid_iter = iter(rng.sample(acid, n_acid))
    codes: set[str] = set()
    drugs = []
    for kind in kinds:
        if kind == "acid":
            words = [next(acid_iter), "acid"]
        else:
            words = [next(plain_iter)]
            if kind in ("pair", "pair_salt"):
                words.append(next(plain_iter))
            if kind in ("salt", "pair_salt"):
                words.append(rng.choice(SALTS).lower())
            elif kind == "salt2":
                words += [rng.choice(CATIONS).lower(), rng.choice(ANIONS).lower()]
        while True:
            code = (
                rng.choice(ATC_GROUPS) + f"{rng.randrange(100):02d}"
                + chr(65 + rng.randrange(26)) + chr(65 + rng.randrange(26))
                + f"{rng.randrange(100):02d}"
            )  # fmt: skip
            if code not in codes:
                codes.add(code)
                break
        cased = write_case(words, rng)
        sep = "  " if len(words) > 1 and rng.random() < 0.05 else " "
        written = sep.join(cased)
        r = rng.random()
        if r < 0.03:
            written = " " + written
        elif r < 0.06:
            written = written + " "
        elif r < 0.07:
            written = "  " + written + " "
        drugs.append(Drug(code, tuple(words), written))
    return drugs


def build_vocabulary(seed: int, banned: set[str]) -> list[str]:
    """Return a few thousand title words in Zipf rank order, none a drug word."""
    rng = random.Random(f"{seed}:vocabulary")
    generated = sorted({r + c + e for r in ROOTS for c in CONNECTORS for e in ENDINGS})
    rng.shuffle(generated)
    words: list[str] = []
    seen: set[str] = set()
    for word in (*COMMON_WORDS, *ACCENTED_WORDS, *generated):
        parts = fold(word).split()
        if word in seen or not parts or any(p in banned for p in parts):
            continue
        seen.add(word)
        words.append(word)
        if len(words) >= VOCAB_SIZE:
            break
    # common words on top, accented words spread over the generated ones
    common = [w for w in words if w in COMMON_WORDS]
    head = common[:40]
    middle = common[40:]
    rng.shuffle(middle)
    accented = [w for w in words if w in ACCENTED_WORDS]
    rest = [w for w in words if w not in COMMON_WORDS and w not in ACCENTED_WORDS]
    for i, word in enumerate(accented):
        rest.insert(min(len(rest), i * 20), word)
    return head + middle + rest


def build_chunks(
    vocab: list[str], rng: random.Random
) -> tuple[list[str], list[str], list[str]]:
    """Build 5-word title chunks (also capitalised) and 0-15 word title tails."""
    cum = zipf_cum_weights(len(vocab), 1.05)
    words = rng.choices(vocab, cum_weights=cum, k=5 * POOL_SIZE)
    chunks = []
    for i in range(POOL_SIZE):
        w = words[5 * i : 5 * i + 5]
        r = rng.random()
        if r < 0.08:
            w[4] += ","
        elif r < 0.12:
            w[4] += ":"
        elif r < 0.16:
            w[3] = "(" + w[3]
            w[4] += ")"
        elif r < 0.175:
            j = rng.randrange(5)
            w[j] = '"' + w[j] + '"'
        chunks.append(" ".join(w))
    first = [c[0].upper() + c[1:] for c in chunks]
    lengths = [rng.randrange(16) for _ in range(POOL_SIZE)]
    tail_words = rng.choices(vocab, cum_weights=cum, k=sum(lengths))
    tails = []
    pos = 0
    for n in lengths:
        w = tail_words[pos : pos + n]
        pos += n
        if n > 3 and rng.random() < 0.15:
            w[rng.randrange(1, n - 1)] += ","
        r = rng.random()
        end = "." if r < 0.6 else "?" if r < 0.63 else ""
        tails.append((" " + " ".join(w) if w else "") + end)
    return first, chunks, tails


def build_dates(rng: random.Random) -> list[str]:
    """Dates of 2015-2024, mostly dd/mm/yyyy, some yyyy-mm-dd and 'd Month yyyy'."""
    pool = []
    for _ in range(POOL_SIZE):
        year = 2015 + rng.randrange(10)
        month = 1 + rng.randrange(12)
        day = 1 + rng.randrange(
            28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        )
        r = rng.random()
        if r < 0.75:
            pool.append(f"{day:02d}/{month:02d}/{year}")
        elif r < 0.9:
            pool.append(f"{year}-{month:02d}-{day:02d}")
        else:
            pool.append(f"{day} {MONTHS[month - 1]} {year}")
    return pool


def build_journals(rng: random.Random) -> list[str]:
    """Build journal texts, Zipf-like; a few with other casing, spaces or escapes."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < N_JOURNALS:
        f, g, h = rng.sample(FIELDS, 3)
        city = rng.choice(CITIES)
        name = rng.choice(JOURNAL_TEMPLATES).format(
            f=f, g=g, h=h, F=f.capitalize(), G=g.capitalize(), c=city, C=city
        )
        if name not in seen:
            seen.add(name)
            names.append(name)
    picked = rng.choices(
        names, cum_weights=zipf_cum_weights(len(names), 1.0), k=POOL_SIZE
    )
    pool = []
    for picked_name in picked:
        name = picked_name
        r = rng.random()
        if r < 0.01:
            name = name.upper() if rng.random() < 0.5 else name.title()
        elif r < 0.02:
            name = name.lower()
        elif r < 0.03:
            name = name.replace(" ", "  ", 1 + rng.randrange(2))
        elif r < 0.032:
            name += " "
        elif r < 0.0325:
            name += "\\xc3\\x28"
        elif r < 0.033:
            name = (
                name.replace(" of ", " of Espa\\xc3\\xb1a ", 1)
                if " of " in name
                else name
            )
        pool.append(name)
    return pool


def build_context(seed: int, n_drugs: int) -> Context:
    """Build drugs, vocabulary and pools from the seed and drug count."""
    drugs = build_drugs(n_drugs, seed)
    plain, acid = stem_candidates()
    banned = {*plain, *acid, *(s.lower() for s in SALTS), "acid"}
    vocab = build_vocabulary(seed, banned)
    rng = random.Random(f"{seed}:pools")
    first, chunks, tails = build_chunks(vocab, rng)
    dates = build_dates(rng)
    journals = build_journals(rng)
    popularity = list(range(len(drugs)))
    rng.shuffle(popularity)
    weights = [0.0] * len(drugs)
    for rank, i in enumerate(popularity, start=1):
        weights[i] = 1.0 / rank**0.8
    return Context(
        drugs=drugs,
        drug_cum=list(itertools.accumulate(weights)),
        multi_word=[d for d in drugs if len(d.words) > 1],
        drug_words=frozenset(w for d in drugs for w in d.words),
        first_chunks=first,
        chunks=chunks,
        tails=tails,
        dates=dates,
        journals=journals,
    )


def title_case(words: list[str], rng: random.Random) -> list[str]:
    """Case words as a title would: upper, lower, title case or first letter only."""
    r = rng.random()
    if r < 0.25:
        return [w.upper() for w in words]
    if r < 0.5:
        return [w.lower() for w in words]
    if r < 0.85:
        return [w.capitalize() for w in words]
    return [words[0].capitalize(), *words[1:]]


def pick_drug(ctx: Context, rng: random.Random) -> Drug:
    """Pick a drug, popular ones more often."""
    return ctx.drugs[bisect.bisect(ctx.drug_cum, rng.random() * ctx.drug_cum[-1])]


def drug_form(drug: Drug, rng: random.Random) -> str:
    """One way of writing a drug in a title that must match it."""
    words = title_case(list(drug.words), rng)
    if rng.random() < 0.12 and "e" in words[0].lower():
        i = words[0].lower().index("e")
        words[0] = (
            words[0][:i] + ("É" if words[0][i] == "E" else "é") + words[0][i + 1 :]
        )
    text = ("-" if len(words) > 1 and rng.random() < 0.3 else " ").join(words)
    r = rng.random()
    if r < 0.12:
        return f"({text})"
    if r < 0.24:
        return text + "'s"
    if r < 0.3:
        return text + ","
    if r < 0.33:
        return f'"{text}"'
    return text


def mention(ctx: Context, rng: random.Random) -> str:
    """One drug, or two joined by a short word."""
    first = pick_drug(ctx, rng)
    if rng.random() < 0.8 or len(ctx.drugs) < 2:
        return drug_form(first, rng)
    second = pick_drug(ctx, rng)
    while second is first:
        second = pick_drug(ctx, rng)
    joiner = rng.choice(("and", "versus", "plus", "or", "with", "compared with"))
    return f"{drug_form(first, rng)} {joiner} {drug_form(second, rng)}"


def near_miss(ctx: Context, rng: random.Random) -> str:
    """Return a text close to a drug name that must not match any drug."""
    r = rng.random()
    if r < 0.4 and ctx.multi_word:
        drug = rng.choice(ctx.multi_word)
        # only the first word of a multi-word name, or its words glued together
        words = [drug.words[0]] if rng.random() < 0.75 else ["".join(drug.words)]
        return " ".join(title_case(words, rng))
    for _ in range(10):
        word = pick_drug(ctx, rng).words[0]
        if rng.random() < 0.5:
            glued = rng.choice(GLUE_PREFIXES) + word
        else:
            glued = word + rng.choice(GLUE_SUFFIXES)
        if glued not in ctx.drug_words:
            return title_case([glued], rng)[0]
    return "placebo"


def rounded(x: float, rng: random.Random) -> int:
    """Round x up or down at random, so that small batches keep the expected rate."""
    whole = int(x)
    return whole + (rng.random() < x - whole)


def batch_rows(
    ctx: Context, rng: random.Random, n: int
) -> tuple[list[str], list[int], map[str], map[str]]:
    """Titles, empty-id row positions, dates and journals of n rows."""
    idx = array("H")
    idx.frombytes(rng.randbytes(10 * n))
    if sys.byteorder == "big":
        idx.byteswap()
    a, b, c, d, j = (idx[i * n : (i + 1) * n] for i in range(5))
    first, chunks, tails = ctx.first_chunks, ctx.chunks, ctx.tails
    titles = list(
        map(
            "{} {}{}".format,
            map(first.__getitem__, a),
            map(chunks.__getitem__, b),
            map(tails.__getitem__, c),
        )
    )
    k_mention = rounded(n * MENTION_RATE, rng)
    k_near = rounded(n * NEAR_MISS_RATE, rng)
    k_escape = rounded(n * ESCAPE_TITLE_RATE, rng)
    special = rng.sample(range(n), k_mention + k_near + k_escape)
    for count, pos in enumerate(special):
        if count < k_mention:
            text = mention(ctx, rng)
        elif count < k_mention + k_near:
            text = near_miss(ctx, rng)
        else:
            text = rng.choice(ESCAPE_WORDS)
        where = rng.randrange(3)
        if where == 0:
            titles[pos] = f"{text} {chunks[a[pos]]} {chunks[b[pos]]}{tails[c[pos]]}"
        elif where == 1:
            titles[pos] = f"{first[a[pos]]} {text} {chunks[b[pos]]}{tails[c[pos]]}"
        else:
            titles[pos] = f"{first[a[pos]]} {chunks[b[pos]]} {text}{tails[c[pos]]}"
    empty = rng.sample(range(n), rounded(n * EMPTY_ID_RATE, rng))
    return (
        titles,
        empty,
        map(ctx.dates.__getitem__, d),
        map(ctx.journals.__getitem__, j),
    )


def row_ids(task: FileTask, rng: random.Random) -> range:
    """Return the numeric ids of a file: PubMed ids step 3, trial numbers step 1."""
    if task.kind == "trials_csv":
        start = TRIAL_NUMBER_BASE + task.first_row
        return range(start, start + task.rows)
    start = PUBMED_ID_BASE + 3 * task.first_row + rng.randrange(3)
    return range(start, start + 3 * task.rows, 3)


def write_csv(ctx: Context, task: FileTask, path: Path, rng: random.Random) -> None:
    """Write a PubMed or clinical trials CSV file."""
    term = "\r\n" if "crlf" in task.traps else "\n"
    quoting = csv.QUOTE_ALL if "quote_all" in task.traps else csv.QUOTE_MINIMAL
    title = "scientific_title" if task.kind == "trials_csv" else "title"
    ids = row_ids(task, rng)
    id_text = "NCT{:08d}".format if task.kind == "trials_csv" else str
    sio = io.StringIO()
    writer = csv.writer(sio, lineterminator=term, quoting=quoting)
    with path.open("wb", buffering=1 << 22) as out:
        if "bom" in task.traps:
            out.write(BOM)
        writer.writerow(("id", title, "date", "journal"))
        for start in range(0, task.rows, BATCH_ROWS):
            n = min(BATCH_ROWS, task.rows - start)
            titles, empty, dates, journals = batch_rows(ctx, rng, n)
            texts = list(map(id_text, ids[start : start + n]))
            for pos in empty:
                texts[pos] = ""
            writer.writerows(zip(texts, titles, dates, journals, strict=False))
            data = sio.getvalue()
            if start + n >= task.rows:
                blank = rng.choice((" ", "   ", "\t", " \t "))
                if "blank_line" in task.traps:
                    data += blank if "no_final_newline" in task.traps else blank + term
                elif "no_final_newline" in task.traps:
                    data = data[: -len(term)]
            out.write(data.encode("utf-8"))
            sio.seek(0)
            sio.truncate()


def write_json(ctx: Context, task: FileTask, path: Path, rng: random.Random) -> None:
    """Write a PubMed JSON array, pretty-printed, ids as numbers or strings."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    ids = row_ids(task, rng)
    with path.open("wb", buffering=1 << 22) as out:
        out.write(b"[\n")
        for start in range(0, task.rows, BATCH_ROWS):
            n = min(BATCH_ROWS, task.rows - start)
            titles, empty, dates, journals = batch_rows(ctx, rng, n)
            texts = [
                f'"{i}"' if rng.random() < STRING_JSON_ID_RATE else str(i)
                for i in ids[start : start + n]
            ]
            for pos in empty:
                texts[pos] = '""'
            objects = ",\n".join(
                f'  {{\n    "id": {i},\n    "title": {encode(t)},\n'
                f'    "date": "{d}",\n    "journal": {encode(jn)}\n  }}'
                for i, t, d, jn in zip(texts, titles, dates, journals, strict=False)
            )
            out.write(((",\n" if start else "") + objects).encode("utf-8"))
        end = ",\n]" if "trailing_comma" in task.traps else "\n]"
        out.write(
            (end if "no_final_newline" in task.traps else end + "\n").encode("utf-8")
        )


_SHARED: dict[
    tuple[int, int], Context
] = {}  # the context of this process, by (seed, drugs)


def init_worker(seed: int, n_drugs: int) -> None:
    """Build the shared context once per process (a forked worker inherits it)."""
    if (seed, n_drugs) not in _SHARED:
        _SHARED.clear()
        _SHARED[seed, n_drugs] = build_context(seed, n_drugs)


def run_task(args: tuple[str, int, int, FileTask]) -> tuple[str, int, int]:
    """Write one file; return its name, rows and bytes."""
    out_dir, seed, n_drugs, task = args
    init_worker(seed, n_drugs)
    ctx = _SHARED[seed, n_drugs]
    rng = random.Random(f"{seed}:file:{task.name}")
    path = Path(out_dir) / task.name
    if task.kind == "pubmed_json":
        write_json(ctx, task, path, rng)
    else:
        write_csv(ctx, task, path, rng)
    return task.name, task.rows, path.stat().st_size


def split(total: int, files: int) -> list[int]:
    """Rows per file: total spread evenly over at most `files` non-empty files."""
    files = min(files, total)
    return [total // files + (i < total % files) for i in range(files)] if files else []


def row_counts(publications: int, json_share: float) -> tuple[int, int, int]:
    """PubMed CSV, PubMed JSON and clinical trial rows out of all publications."""
    pubmed = round(publications * PUBMED_SHARE)
    in_json = round(pubmed * json_share)
    return pubmed - in_json, in_json, publications - pubmed


def plan(args: argparse.Namespace) -> list[FileTask]:
    """Plan every file: rows, first global row number (for unique ids) and traps."""
    base_csv, base_json, base_trials = row_counts(args.publications, args.json_share)
    if args.append_percent is None:
        infix, pub_offset, trial_offset = "", 0, 0
        csv_rows, json_rows, trial_rows = base_csv, base_json, base_trials
    else:
        extra = round(args.publications * args.append_percent / 100)
        csv_rows, json_rows, trial_rows = row_counts(extra, args.json_share)
        infix, pub_offset, trial_offset = "_incr", base_csv + base_json, base_trials
    if PUBMED_ID_BASE + 3 * (pub_offset + csv_rows + json_rows) >= 2**53:
        raise SystemExit("too many publications for the id scheme")
    if TRIAL_NUMBER_BASE + trial_offset + trial_rows >= TRIAL_NUMBER_LIMIT:
        raise SystemExit("too many clinical trials for NCT + 8 digits")
    specs: list[tuple[str, str, int, int]] = []  # kind, name, rows, first row
    for kind, prefix, ext, total, offset in (
        ("pubmed_csv", "pubmed", "csv", csv_rows, pub_offset),
        ("pubmed_json", "pubmed", "json", json_rows, pub_offset + csv_rows),
        ("trials_csv", "clinical_trials", "csv", trial_rows, trial_offset),
    ):
        first_row = offset
        for number, rows in enumerate(split(total, args.files_per_kind), start=1):
            specs.append((kind, f"{prefix}{infix}_{number:04d}.{ext}", rows, first_row))
            first_row += rows
    rng = random.Random(f"{args.seed}:plan{infix}")
    csv_names = [s[1] for s in specs if s[0] != "pubmed_json"]
    json_names = [s[1] for s in specs if s[0] == "pubmed_json"]
    traps: dict[str, set[str]] = {s[1]: set() for s in specs}
    for names, shares in (
        (csv_names, {"crlf": 0.25, "bom": 0.15, "quote_all": 0.15, "blank_line": 0.1,
                     "no_final_newline": 0.1}),
        (json_names, {"trailing_comma": 0.5, "no_final_newline": 0.25}),
    ):  # fmt: skip
        for trap, share in shares.items():
            if names:
                for name in rng.sample(names, max(1, round(share * len(names)))):
                    traps[name].add(trap)
    return [FileTask(k, n, r, f, frozenset(traps[n])) for k, n, r, f in specs]


def write_drugs(ctx: Context, path: Path) -> int:
    """Write drugs.csv; return its size in bytes."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("atccode", "drug"))
        writer.writerows((d.code, d.written) for d in ctx.drugs)
    return path.stat().st_size


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and check the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the raw files to")
    parser.add_argument(
        "--publications", type=int, required=True, help="number of publications"
    )
    parser.add_argument("--drugs", type=int, required=True, help="number of drugs")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--files-per-kind", type=int, default=4, help="files per kind (default 4)"
    )
    parser.add_argument(
        "--json-share",
        type=float,
        default=0.02,
        help="share of PubMed rows in JSON (0.02)",
    )
    parser.add_argument(
        "--append-percent",
        type=float,
        default=None,
        help="write only new *_incr_* files holding this percent more publications",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: cores)",
    )
    args = parser.parse_args(argv)
    if (
        args.publications < 0
        or args.drugs < 1
        or args.files_per_kind < 1
        or args.jobs < 1
    ):
        parser.error(
            "--publications >= 0, --drugs >= 1, --files-per-kind >= 1, --jobs >= 1"
        )
    if not 0 <= args.json_share <= 1:
        parser.error("--json-share must be between 0 and 1")
    if args.append_percent is not None and args.append_percent < 0:
        parser.error("--append-percent must be >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate the folder and print what was written."""
    args = parse_args(argv)
    started = time.perf_counter()
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = plan(args)
    counts: dict[str, int] = {}
    sizes = 0
    init_worker(args.seed, args.drugs)
    ctx = _SHARED[args.seed, args.drugs]
    if args.append_percent is None:
        counts["drugs.csv"] = len(ctx.drugs)
        sizes += write_drugs(ctx, out_dir / "drugs.csv")
    work = [
        (str(out_dir), args.seed, args.drugs, t)
        for t in sorted(tasks, key=lambda t: -t.rows)
    ]
    if args.jobs == 1 or len(work) <= 1:
        results = list(map(run_task, work))
    else:
        with get_context().Pool(
            min(args.jobs, len(work)),
            initializer=init_worker,
            initargs=(args.seed, args.drugs),
        ) as pool:
            results = list(pool.imap_unordered(run_task, work))
    for name, rows, size in results:
        counts[name] = rows
        sizes += size
    counts_path = out_dir / "_expected_counts.json"
    if args.append_percent is None:
        written = {*counts, counts_path.name}
        for stale in sorted(out_dir.iterdir()):
            if NAME_PATTERN.match(stale.name) and stale.name not in written:
                stale.unlink()  # a file of an earlier, larger generation
    elif counts_path.exists():
        counts = {**json.loads(counts_path.read_text(encoding="utf-8")), **counts}
    counts_path.write_text(
        json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    elapsed = time.perf_counter() - started
    publications = sum(t.rows for t in tasks)
    print(
        f"wrote {len(results)} publication files ({publications:,} rows) "
        f"{'' if args.append_percent is not None else f'and {args.drugs:,} drugs '}"
        f"to {out_dir}: {sizes / 1e6:,.1f} MB in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
