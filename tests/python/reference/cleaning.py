"""Cleaning (README, "The rules"): text is trimmed and runs of whitespace folded to one space; literal escape
text such as `\\xc3\\xb1` is decoded when it is valid UTF-8 and removed when it is not; empty strings become
null. And the words of a text, for matching: case and accents ignored, words being runs of letters and digits.
"""

from __future__ import annotations

import re
import sys
import unicodedata

ESCAPE_RUN = re.compile(r"(?:\\x[0-9A-Fa-f]{2})+")

# Whitespace: the ASCII white space characters the model's `\s` holds (tab, line feed, form feed, carriage
# return, space) and every Unicode separator (categories Zs, Zl, Zp, such as the no-break space).
SEPARATORS = "".join(
    chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("Z")
)
WHITESPACE_RUN = re.compile("[\t\n\f\r" + re.escape(SEPARATORS) + "]+")


def decode_escape_text(text: str) -> str:
    """Each run of `\\xNN` becomes the characters its bytes encode in UTF-8, or nothing when they are not UTF-8."""

    def decoded(run: re.Match[str]) -> str:
        try:
            return bytes.fromhex(run.group().replace("\\x", "")).decode("utf-8")
        except UnicodeDecodeError:
            return ""

    return ESCAPE_RUN.sub(decoded, text)


def clean_text(text: str | None) -> str | None:
    """Escape text decoded, whitespace runs folded to one space, trimmed; '' becomes None."""
    if text is None:
        return None
    cleaned = WHITESPACE_RUN.sub(" ", decode_escape_text(text)).strip(" ")
    return cleaned or None


def fold_case(text: str) -> str:
    """Case folding (Unicode's full case folding, so that `ß` and `SS`, `ς` and `Σ` are alike)."""
    return text.casefold()


def without_accents(text: str) -> str:
    """The text with its combining marks removed (`é` -> `e`)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def is_letter_or_digit(character: str) -> bool:
    return unicodedata.category(character)[0] in ("L", "N")


def words(text: str) -> str:
    """The words of a text for matching, joined by one space: accents removed, case folded, every run of
    characters other than letters and digits a separator. `Tranexamic-Acid's` gives `tranexamic acid s`."""
    folded = without_accents(fold_case(without_accents(text)))
    return " ".join("".join(c if is_letter_or_digit(c) else " " for c in folded).split())
