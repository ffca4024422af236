"""A seeded generator of messy raw folders: drugs*.csv, pubmed*.csv, pubmed*.json, clinical_trials*.csv with the
traps real feeds bring. The same seed gives the same folder, byte for byte.

What every case may hold: byte-order marks, CRLF or LF line ends, no final newline, blank and whitespace-only
lines, short rows, columns in any order and extra columns, quoted fields (always, or when needed) with commas,
doubled quotes and line breaks; accents, odd whitespace (tabs, no-break spaces), literal escape text (`\\xc3\\xa9`
valid, `\\xc3\\x28` not); drug names written in other cases, accented, hyphenated, possessive, inside
punctuation, and near misses (inside another word, plural, with a digit, split words); several drugs in one
title, multi-word names; exact duplicates, split rows (a trial over two rows), conflicting ids and journals,
codes given to two names; every rejection reason; mixed date layouts, ambiguous and impossible dates; odd file
names (spaces, `--`, parentheses, accents, `#`, `+`, `&`, `,`, `@`, `~`) and files that match no pattern. JSON
files: ids as numbers, strings, empty, null or missing; trailing commas; keys in any order, extra keys.

Traps the loader does not handle yet are off unless named (LOADER_HARDENING_TRAPS, issue 20), and so are
those where the pipeline departs from the README on purpose or not (README_TRAPS); see `docs/fuzzing.md`.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field

LOADER_HARDENING_TRAPS = frozenset({
    "late_quotes",  # a CSV file whose first quote comes after row 20,480 (the sniffer's sample)
    "invalid_utf8",  # a byte that is not UTF-8 in a title or journal: the row is rejected, `invalid_utf8`
    "json_commas_in_strings",  # `, ]` and `, }` inside JSON strings: kept
    "json_non_scalar_values",  # JSON ids, titles, journals that are objects, arrays or booleans: rejected
    "title_too_long",  # a 250,000-character title: rejected, `title_too_long`
    "same_drug_name_two_codes",  # one drug name under two codes (or with and without one)
    "quotes_in_file_names",  # `'` in file names, SQL in a file name
    "glob_characters_in_file_names",  # `[ab]`, `?`, `*`, `{a,b}` in file names
})
README_TRAPS = frozenset({
    "full_case_folding",  # ß / SS and ς / Σ: alike under the README's case folding
})
TRAPS = LOADER_HARDENING_TRAPS | README_TRAPS

LATE_QUOTE_ROW = 20_481
LONG_TITLE_LENGTH = 250_000

DRUG_NAMES = [
    "ATROPINE", "ETHANOL", "TRANEXAMIC ACID", "PARACETAMOL", "DIPHENHYDRAMINE", "EPINEPHRINE", "TETRACYCLINE",
    "BETAMETHASONE", "ISOPRENALINE", "GLUCAGON", "VITAMIN B12", "5-FLUOROURACIL", "CAFÉINE",
    "ACIDE ACÉTYLSALICYLIQUE", "L-DOPA", "SODIUM CHLORIDE", "SODIUM", "ACID", "CO-TRIMOXAZOLE", "INSULIN",
    "MORPHINE", "NALOXONE", "HEPARIN", "LEVOTHYROXINE", "ŒSTRADIOL", "ÆSCULIN",
]
SYLLABLES = ["ra", "mo", "xi", "lan", "tor", "vel", "quin", "dap", "se", "zol", "ine", "ab", "cor", "tex"]
FILLER_WORDS = [
    "study", "of", "in", "patients", "with", "the", "effect", "on", "rats", "trial", "randomized", "versus",
    "and", "after", "during", "outcomes", "children", "adults", "dose", "safety", "a", "for", "acute", "chronic",
    "therapy", "use", "mice", "résumé", "naïve", "über", "niño", "façade", "øre", "2020", "phase", "II",
]
PUNCTUATION = [",", ".", ":", ";", "(", ")", "[", "]", "/", "&", "’", "'", '"', "!", "?", "—", "🙂", "+", "%"]
JOURNALS = [
    "Journal of emergency nursing", "Psychopharmacology", "The journal of maternal-fetal & neonatal medicine",
    "Journal of photochemistry and photobiology. B, Biology", "Revue médicale suisse", "Toxicology letters",
    "The Journal of Pediatrics", "Anesthésie & Réanimation", "Hôpital \"Saint-Louis\" reports",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ACCENTED = {"a": "àáâä", "e": "éèêë", "i": "îïí", "o": "ôöó", "u": "ùûü", "c": "ç", "n": "ñ"}
ESCAPES_VALID = {"é": "\\xc3\\xa9", "è": "\\xc3\\xa8", "ñ": "\\xc3\\xb1", "à": "\\xc3\\xa0", "’": "\\xe2\\x80\\x99"}
ESCAPES_INVALID = ["\\xc3\\x28", "\\xff", "\\xc3", "\\xe2\\x28\\xa1"]
SPACES = [" ", "  ", "\t", "\u00a0", " \u00a0 ", "\u2009"]
ODD_NAME_PARTS = ["", "_2", "_2021", " (copy)", "--old", "_été", "_a b", "_#1", "_+x", "_&x", "_x,y", "_@home", "_~",
                  "-", "__", "_v1.2", "_ä"]
DECOYS = ["notes.txt", "pubmed.csv.bak", "PUBMED_upper.csv", "drugs.txt", "clinical_trials.json", "old_pubmed.csv"]


@dataclass
class Case:
    """One generated raw folder: its files (name -> bytes), and the files a second, incremental build adds."""

    seed: int
    traps: frozenset[str]
    files: dict[str, bytes] = field(default_factory=dict)
    later_files: list[str] = field(default_factory=list)

    def describe(self) -> str:
        later = f", {len(self.later_files)} added by a second build" if self.later_files else ""
        return f"seed {self.seed}: {len(self.files)} files{later}, traps: {', '.join(sorted(self.traps)) or 'none'}"


@dataclass
class Drug:
    name: str  # canonical spelling
    code: str | None


class Generator:
    """Draws one case from its seed. Values are Python strings; a byte that is not UTF-8 is carried as a lone
    surrogate (`\\udcff`) and written back as that byte."""

    def __init__(self, seed: int, traps: frozenset[str]) -> None:
        unknown = traps - TRAPS
        if unknown:
            raise ValueError(f"unknown traps: {', '.join(sorted(unknown))} (known: {', '.join(sorted(TRAPS))})")
        self.rng = random.Random(seed)
        self.seed = seed
        self.traps = traps
        self.used_names: set[str] = set()
        self.next_id = self.rng.randrange(1, 500)
        self.journals: list[str] = []

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    # ----- drugs

    def drug_catalogue(self) -> list[Drug]:
        names = self.rng.sample(DRUG_NAMES, self.rng.randint(4, 9))
        for _ in range(self.rng.randint(0, 2)):
            names.append("".join(self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))).upper())
        if "full_case_folding" in self.traps:
            names.append("SÜSSHOLZ")
        codes = {}
        drugs = []
        for name in dict.fromkeys(names):
            code = None if self.chance(0.15) else self.atc_code()
            while code in codes:
                code = self.atc_code()
            codes[code] = name
            drugs.append(Drug(name, code))
        return drugs

    def atc_code(self) -> str:
        letters = "ABCDGHJLMNPRSV"
        return (self.rng.choice(letters) + f"{self.rng.randrange(100):02d}" + self.rng.choice(letters)
                + self.rng.choice(letters))

    def spelled_code(self, code: str | None) -> str | None:
        if code is None:
            return None
        return self.rng.choice([code, code.lower(), f" {code} ", code[:3] + code[3:].lower()])

    def spelled_drug_name(self, name: str) -> str:
        """The name as a drugs file may write it: other case, extra whitespace, accents dropped or escaped."""
        spelled = self.rng.choice([name, name.lower(), name.title(), name])
        if self.chance(0.2):
            spelled = self.rng.choice(SPACES) + spelled.replace(" ", self.rng.choice(SPACES)) + self.rng.choice(SPACES)
        if self.chance(0.2):
            spelled = self.escaped(spelled)
        return spelled

    def drug_rows(self, drugs: list[Drug]) -> list[list[str | None]]:
        rows: list[list[str | None]] = [[self.spelled_code(d.code), self.spelled_drug_name(d.name)] for d in drugs]
        for _ in range(self.rng.randint(0, 3)):
            drug = self.rng.choice(drugs)
            rows.append([self.spelled_code(drug.code), self.spelled_drug_name(drug.name)])  # the same drug again
        extras: list[list[str | None]] = [
            [None, None],  # empty_row
            [self.atc_code(), None],  # missing_drug_name
            [self.atc_code(), self.rng.choice(["---", "()", " % ", "’"])],  # drug_name_without_words
        ]
        coded = [drug for drug in drugs if drug.code]
        if coded:
            fresh = "".join(self.rng.choices(SYLLABLES, k=3)).upper()
            extras.append([self.rng.choice(coded).code, fresh])  # conflicting_duplicate_atccode (one of the two)
        rows += self.rng.sample(extras, self.rng.randint(0, len(extras)))
        if "same_drug_name_two_codes" in self.traps:
            drug = self.rng.choice(drugs)
            other_code = None if drug.code and self.chance(0.3) else self.atc_code()
            rows.append([other_code, self.spelled_drug_name(drug.name)])
        self.rng.shuffle(rows)
        return rows

    # ----- titles

    def mention(self, name: str) -> str:
        """A spelling of a drug name that mentions it."""
        words = name.split(" ")
        form = self.rng.choice(["as is", "lower", "title", "accents", "hyphen", "possessive", "punctuation",
                                "escape", "broken escape", "spaces"])
        if form == "lower":
            return name.lower()
        if form == "title":
            return name.title()
        if form == "accents":
            return "".join(self.rng.choice(ACCENTED.get(c.lower(), c)) if self.chance(0.4) else c for c in name)
        if form == "hyphen":
            return "-".join(words) + ("-induced" if len(words) == 1 else "")
        if form == "possessive":
            return name + self.rng.choice(["'S", "'s", "’s"])
        if form == "punctuation":
            return self.rng.choice(["(", "[", "\"", "«"]) + name + self.rng.choice([")", "]", ",", ".", "\"", "»"])
        if form == "escape":
            return self.escaped(name, every_letter=True)
        if form == "broken escape" and len(name) > 2:
            cut = self.rng.randrange(1, len(name) - 1)
            return name[:cut] + self.rng.choice(ESCAPES_INVALID) + name[cut:]
        if form == "spaces":
            return self.rng.choice(SPACES).join(words)
        return name

    def near_miss(self, name: str) -> str:
        """A spelling close to a drug name that does not mention it."""
        words = name.split(" ")
        form = self.rng.choice(["plural", "suffix", "prefix", "digit", "first word", "reversed", "split"])
        if form == "plural":
            return name + "S"
        if form == "suffix":
            return name.lower() + self.rng.choice(["amine", "ol", "ic"])
        if form == "prefix":
            return self.rng.choice(["meth", "pre", "anti"]) + name.lower()
        if form == "digit":
            return name + str(self.rng.randrange(10))
        if form == "first word" and len(words) > 1:
            return words[0]
        if form == "reversed" and len(words) > 1:
            return " ".join(reversed(words))
        if form == "split" and len(words) > 1:
            return f"{words[0]} and {' '.join(words[1:])}"
        return name + "X"

    def escaped(self, text: str, every_letter: bool = False) -> str:
        """Some characters written as escape text: `é` as `\\xc3\\xa9`, a letter as `\\x41`; sometimes an invalid
        escape added, which cleaning removes."""
        written = []
        for character in text:
            if character in ESCAPES_VALID and (every_letter or self.chance(0.7)):
                written.append(ESCAPES_VALID[character])
            elif character.isascii() and character.isalpha() and self.chance(0.3 if every_letter else 0.05):
                written.append(f"\\x{ord(character):02x}")
            else:
                written.append(character)
        if self.chance(0.2):
            written.append(self.rng.choice(ESCAPES_INVALID))
        return "".join(written)

    def title(self, drugs: list[Drug]) -> str:
        tokens = self.rng.choices(FILLER_WORDS, k=self.rng.randint(1, 8))
        for _ in range(self.rng.choice([0, 1, 1, 1, 2, 3])):
            tokens.insert(self.rng.randrange(len(tokens) + 1), self.mention(self.rng.choice(drugs).name))
        for _ in range(self.rng.choice([0, 0, 1, 2])):
            tokens.insert(self.rng.randrange(len(tokens) + 1), self.near_miss(self.rng.choice(drugs).name))
        if "full_case_folding" in self.traps and self.chance(0.3):
            tokens.insert(0, self.rng.choice(["Süßholz", "SÜSSHOLZ", "süssholz"]))
        text = ""
        for token in tokens:
            separator = self.rng.choice([" "] * 6 + SPACES + [" " + p + " " for p in PUNCTUATION] + [p + " " for p in PUNCTUATION])
            text += (separator if text else "") + token
        if self.chance(0.1):
            text = text.replace(" ", self.rng.choice(["\n", "\r\n", " \n "]), 1)  # a line break in the title
        if self.chance(0.1):
            text = self.rng.choice(SPACES) + text + self.rng.choice(SPACES)
        if self.chance(0.1):
            text = self.escaped(text)
        return text[:1].upper() + text[1:]

    # ----- other values

    def date_text(self) -> str:
        year, month, day = self.rng.randint(1990, 2025), self.rng.randint(1, 12), self.rng.randint(1, 28)
        layout = self.rng.choice(["slashed", "slashed short", "iso", "iso short", "written", "abbreviated"])
        if layout == "slashed":
            text = f"{day:02d}/{month:02d}/{year}"
        elif layout == "slashed short":
            text = f"{day}/{month}/{year}"
        elif layout == "iso":
            text = f"{year}-{month:02d}-{day:02d}"
        elif layout == "iso short":
            text = f"{year}-{month}-{day}"
        else:
            name = MONTHS[month - 1] if layout == "written" else MONTHS[month - 1][:3]
            text = f"{day} {self.rng.choice([name, name.lower(), name.upper()])} {year}"
        if self.chance(0.1):
            text = self.rng.choice(SPACES) + text.replace(" ", self.rng.choice(SPACES)) + self.rng.choice(SPACES)
        return text

    def bad_date_text(self) -> str:
        return self.rng.choice([
            "31/02/2020", "29/02/2021", "2020-02-30", "2021-13-01", "00/01/2020", "13/13/2020", "5 Sept 2020",
            "32 January 2020", "2020/01/05", "March 5, 2020", "05-03-2020", "20200105", "1er janvier 2020",
            "soon", "15/1/20",
        ])

    def journal(self) -> str | None:
        if self.chance(0.1):
            return None
        name = self.rng.choice(self.journals)
        form = self.rng.choice(["as is"] * 4 + ["lower", "upper", "spaces", "escape", "broken escape"])
        if form == "lower":
            return name.lower()
        if form == "upper":
            return name.upper()
        if form == "spaces":
            return self.rng.choice(SPACES) + name.replace(" ", self.rng.choice(SPACES)) + self.rng.choice(SPACES)
        if form == "escape":
            return self.escaped(name)
        if form == "broken escape":
            return name + self.rng.choice(ESCAPES_INVALID)
        return name

    def new_id(self, kind: str) -> str:
        self.next_id += self.rng.randint(1, 3)
        return f"NCT{self.next_id:08d}" if kind == "clinical_trial" else str(self.next_id)

    def spelled_id(self, publication_id: str | None) -> str | None:
        if publication_id is None or not self.chance(0.15):
            return publication_id
        return self.rng.choice([f" {publication_id} ", f"{publication_id}\t", publication_id.lower()])

    # ----- publications

    def publication_rows(self, kind: str, drugs: list[Drug], count: int) -> list[dict]:
        """Rows of one kind (dicts of id, title, date, journal; None for an empty value), with duplicates, split
        rows, conflicts and every rejection reason."""
        rows: list[dict] = []
        for _ in range(count):
            row = {"id": None if self.chance(0.1) else self.new_id(kind), "title": self.title(drugs),
                   "date": self.date_text(), "journal": self.journal()}
            shape = self.rng.choices(
                ["plain", "duplicate", "split", "conflicting ids", "conflicting journals", "claimed id", "rejected"],
                weights=[10, 2, 2, 1, 1, 1, 3],
            )[0]
            if shape == "duplicate":
                rows += [row, {**row, "id": self.spelled_id(row["id"]), "title": self.respaced(row["title"])}]
            elif shape == "split":
                journal = row["journal"] or self.rng.choice(self.journals)
                rows += [{**row, "journal": None}, {**row, "id": None if self.chance(0.7) else row["id"],
                                                    "journal": journal}]
            elif shape == "conflicting ids":
                rows += [row, {**row, "id": self.new_id(kind)}]
            elif shape == "conflicting journals":
                rows += [row, {**row, "journal": self.rng.choice(self.journals)}, {**row, "journal": None}]
            elif shape == "claimed id" and rows:
                rows += [row, {**row, "id": self.rng.choice(rows)["id"] or self.new_id(kind)}]
            elif shape == "rejected":
                rows.append(self.rng.choice([
                    {"id": None, "title": None, "date": None, "journal": None},  # empty_row
                    {**row, "title": self.rng.choice([None, "  ", "\\xc3\\x28"])},  # missing_title
                    {**row, "date": self.rng.choice([None, " "])},  # missing_date
                    {**row, "date": self.bad_date_text()},  # unknown_date_format or invalid_date
                ]))
            else:
                rows.append(row)
        for row in rows:
            row["id"] = self.spelled_id(row["id"])
        return rows

    def respaced(self, title: str) -> str:
        """The same title after cleaning, written with other whitespace."""
        return title.replace(" ", self.rng.choice([" ", "  ", "\t", " \u00a0"]), 1) + self.rng.choice(["", " "])

    def trap_rows(self, kind: str, drugs: list[Drug]) -> list[dict]:
        """Rows that the hardened loader rejects or reads otherwise (the traps named), with ISO dates so that
        they are never ambiguous."""
        rows = []
        date = f"{self.rng.randint(1990, 2025)}-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"
        if "invalid_utf8" in self.traps:
            title = self.title(drugs)
            cut = self.rng.randrange(len(title) + 1)
            rows.append({"id": self.new_id(kind), "title": title[:cut] + self.rng.choice(["\udcff", "\udcc3(", "\udce9"])
                         + title[cut:], "date": date, "journal": self.journal()})
        if "title_too_long" in self.traps:
            filler = " ".join(self.rng.choices(FILLER_WORDS, k=LONG_TITLE_LENGTH // 4))
            rows.append({"id": self.new_id(kind), "title": (self.drug_name(drugs) + " " + filler)[:LONG_TITLE_LENGTH],
                         "date": date, "journal": self.journal()})
        return rows

    def drug_name(self, drugs: list[Drug]) -> str:
        return self.rng.choice(drugs).name

    # ----- files

    def file_name(self, prefix: str, extension: str) -> str:
        trap_parts = []
        if "quotes_in_file_names" in self.traps:
            trap_parts += ["_O'Brien", "_it's", "_a.csv']); create table main.pwned as select 42 as x; --"]
        if "glob_characters_in_file_names" in self.traps:
            trap_parts += ["_[ab]", "_?", "_*x", "_{a,b}"]
        for _ in range(100):
            parts = trap_parts if trap_parts and self.chance(0.5) else ODD_NAME_PARTS
            name = prefix + self.rng.choice(parts) + extension
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("no free file name")

    def csv_file(self, columns: list[str], rows: list[list[str | None]]) -> bytes:
        """A CSV file of the rows (values in `columns` order), in a random but valid RFC 4180 dialect."""
        order = list(range(len(columns)))
        self.rng.shuffle(order)
        extra = self.chance(0.2)
        header = [columns[i] for i in order] + (["notes"] if extra else [])
        if self.chance(0.05):
            header = [name.upper() for name in header]
        quote_all = self.chance(0.3)
        newline = self.rng.choice(["\n", "\r\n"])

        def field_text(value: str | None) -> str:
            if value is None:
                return "" if not (quote_all and self.chance(0.3)) else '""'
            if quote_all or any(c in value for c in ',"\r\n') or value != value.strip(" \t"):
                return '"' + value.replace('"', '""') + '"'
            return value

        lines = [",".join(field_text(name) for name in header)]
        for row in rows:
            values = [row[i] for i in order] + ([self.rng.choice(["x", "a, b", None, "\"q\""])] if extra else [])
            if self.chance(0.2):
                while values and values[-1] is None:
                    values.pop()  # a short row: the missing values are empty
                if not values:
                    values = [None]
            # a row of one missing value is written `""`: a blank line would be no row
            lines.append(",".join(field_text(value) for value in values) or '""')
            if self.chance(0.05):
                lines.append(self.rng.choice(["", "   ", "\t"]))  # a blank line (no row) or a whitespace line (a row)
        text = newline.join(lines) + (newline if self.chance(0.8) else "")
        return self.encoded(text, bom=self.chance(0.2))

    def json_file(self, rows: list[dict], columns: list[str]) -> bytes:
        """A JSON array of objects, one per row, with trailing commas, keys in any order, ids as numbers."""
        indent = self.chance(0.5)
        ensure_ascii = self.chance(0.3)
        objects: list[list[tuple[str, object]]] = []
        for row in rows:
            items: list[tuple[str, object]] = []
            for column, value in zip(columns, row.values(), strict=True):
                if value is None and self.chance(0.3):
                    continue  # a missing key reads as null
                if column == "id" and value is not None and value.isdigit() and self.chance(0.5):
                    items.append((column, int(value)))
                else:
                    items.append((column, value))
            if "json_non_scalar_values" in self.traps and self.chance(0.25):
                column = self.rng.choice(["id", "title", "journal"])
                value = self.rng.choice([["Atropine", "x"], {"a": 1}, True, False])
                items = [item for item in items if item[0] not in (column, "date")]
                items += [(column, value), ("date", "2021-03-14")]
            if self.chance(0.1):
                items.append(("abstract", {"text": "x"} if self.chance(0.5) else "an extra key"))
            self.rng.shuffle(items)
            objects.append(items)
        # every column is named at least once in the file (a missing key and a null are alike)
        named = {key for items in objects for key, _ in items}
        if objects and not set(columns) <= named:
            objects[0] += [(column, None) for column in columns if column not in named]
        elif not objects:
            objects.append([(column, None) for column in columns])
        texts = []
        for items in objects:
            parts = [f"{json.dumps(key)}: {self.json_text(value, ensure_ascii)}" for key, value in items]
            separator = ",\n    " if indent else ", "
            texts.append("{" + separator.join(parts) + ("," if self.chance(0.1) else "") + "}")
        text = "[" + ("\n  " if indent else "") + (",\n  " if indent else ",").join(texts)
        text += ("," if self.chance(0.3) else "") + ("\n" if indent else "") + "]" + ("\n" if self.chance(0.5) else "")
        return self.encoded(text, bom=self.chance(0.2))

    def json_text(self, value: object, ensure_ascii: bool) -> str:
        if isinstance(value, str):
            if "json_commas_in_strings" in self.traps and self.chance(0.2):
                value += self.rng.choice([" [a, b, ] list", " J, }", ",]"])
            elif "json_commas_in_strings" not in self.traps:
                value = re.sub(r",(\s*[\]}])", r"\1", value)
            has_bad_byte = any("\udc80" <= c <= "\udcff" for c in value)
            return json.dumps(value, ensure_ascii=ensure_ascii and not has_bad_byte)
        return json.dumps(value)

    def encoded(self, text: str, bom: bool) -> bytes:
        return ("\ufeff" if bom else "").encode() + text.encode("utf-8", errors="surrogateescape")


def generate_case(seed: int, traps: frozenset[str] = frozenset(), incremental: bool | None = None) -> Case:
    """The raw folder of one seed. `incremental` (default: one case in three) has a second build add some of
    the publication files."""
    generator = Generator(seed, traps)
    rng = generator.rng
    case = Case(seed, traps)
    drugs = generator.drug_catalogue()
    generator.journals = rng.sample(JOURNALS, rng.randint(2, 5))
    if "full_case_folding" in traps:
        generator.journals.append(rng.choice(["Ärzteblatt Straße", "ÄRZTEBLATT STRASSE"]))
    drug_rows = generator.drug_rows(drugs)
    split = rng.randint(1, len(drug_rows)) if rng.random() < 0.4 else len(drug_rows)
    parts = [drug_rows[:split], drug_rows[split:]]
    if not all(any(value and value.strip() for row in part for value in row) for part in parts if part):
        parts = [drug_rows]  # a drugs file without a value stops the build (README): one file
    for part in parts:
        if part:
            case.files[generator.file_name("drugs", ".csv")] = generator.csv_file(["atccode", "drug"], part)

    publication_files = []
    for kind, prefix, extension, title_column in [
        ("pubmed", "pubmed", ".csv", "title"), ("pubmed", "pubmed", ".json", "title"),
        ("clinical_trial", "clinical_trials", ".csv", "scientific_title"),
    ]:
        rows = generator.publication_rows(kind, drugs, rng.randint(0, 25)) + generator.trap_rows(kind, drugs)
        rng.shuffle(rows)
        file_count = rng.randint(1, 3) if rows else 0
        chunks: list[list[dict]] = [[] for _ in range(file_count)]
        for row in rows:
            chunks[rng.randrange(file_count)].append(row)
        columns = ["id", title_column, "date", "journal"]
        for chunk in chunks:
            name = generator.file_name(prefix, extension)
            if extension == ".json":
                case.files[name] = generator.json_file(chunk, columns)
            else:
                case.files[name] = generator.csv_file(columns, [list(row.values()) for row in chunk])
            publication_files.append(name)
    if "late_quotes" in traps and (rng.random() < 0.25 or traps == {"late_quotes"}):  # 20,000 rows: not every case
        name = generator.file_name("pubmed", ".csv")
        case.files[name] = late_quotes_file(generator, drugs)
        publication_files.append(name)
    if "glob_characters_in_file_names" in traps:
        # a name that is a pattern matching another file of the folder: each must be read as itself
        for name in ("pubmed_a.csv", "pubmed_[ab].csv"):
            if name not in generator.used_names:
                generator.used_names.add(name)
                rows = generator.publication_rows("pubmed", drugs, 3)
                case.files[name] = generator.csv_file(["id", "title", "date", "journal"],
                                                      [list(row.values()) for row in rows])
                publication_files.append(name)
    for decoy in rng.sample(DECOYS, rng.randint(0, 2)):
        case.files[decoy] = b"id,title,date,journal\n1,Atropine decoy,2020-01-01,Decoy\n"
    if incremental if incremental is not None else rng.random() < 1 / 3:
        case.later_files = sorted(rng.sample(publication_files, rng.randint(1, len(publication_files)))) \
            if publication_files else []
    return case


def late_quotes_file(generator: Generator, drugs: list[Drug]) -> bytes:
    """A PubMed CSV file whose first quoted field comes after row 20,480, with a comma and a line break."""
    lines = ["id,title,date,journal"]
    lines += [f"{900000 + n},Filler record {n},2020-01-01,Filler journal" for n in range(1, LATE_QUOTE_ROW)]
    name = generator.drug_name(drugs)
    lines.append(f'{900000 + LATE_QUOTE_ROW},"{name.title()}, with a comma",2020-01-02,Filler journal')
    lines.append(f'{900001 + LATE_QUOTE_ROW},"{name.lower()} over\ntwo lines",2020-01-03,"Filler, journal"')
    lines.append(f"{900002 + LATE_QUOTE_ROW},Last row after the quotes,2020-01-04,Filler journal")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    """Writes one case's folder: `python tests/python/fuzzing/generator.py --seed 7 --traps late_quotes OUT`."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--traps", default="", help=f"comma-separated, among: {', '.join(sorted(TRAPS))}")
    arguments = parser.parse_args()
    case = generate_case(arguments.seed, frozenset(filter(None, arguments.traps.split(","))))
    arguments.folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        (arguments.folder / name).write_bytes(content)
    print(case.describe())


if __name__ == "__main__":
    main()
