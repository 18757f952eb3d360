"""How school names are normalised and compared, so "st marys" finds "St Mary’s Catholic Primary School"."""
import re
import unicodedata
from difflib import SequenceMatcher

# Apostrophes vanish ("Mary’s" -> "marys"); other punctuation separates words.
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SYNONYMS = {"saint": "st", "and": "", "the": "", "of": "", "school": "", "c": "", "e": "", "ce": "", "rc": ""}


def normalise(text: str) -> str:
    """Lower case, accents and apostrophes removed, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """The words of a query that carry meaning (common words such as "school" and "the" are dropped)."""
    words = []
    for word in normalise(text).split():
        word = _SYNONYMS.get(word, word)
        if word:
            words.append(word)
    return words


def searchable_text(*, name: str, town: str, locality: str, postcode: str, urn: int | str) -> str:
    """What a school is found by: its name, town, locality, postcode (with and without the space) and URN."""
    compact_postcode = (postcode or "").replace(" ", "")
    return " ".join(tokens(f"{name} {town} {locality} {postcode} {compact_postcode} {urn}"))[:400]


def word_matches(query_word: str, text_words: list[str]) -> float:
    """How well one query word matches the best word of a school's text: 1 exact or prefix, else similarity."""
    best = 0.0
    for word in text_words:
        if word == query_word or (len(query_word) >= 2 and word.startswith(query_word)):
            return 1.0
        if abs(len(word) - len(query_word)) > 3:
            continue
        matcher = SequenceMatcher(None, query_word, word)
        if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
            continue  # cannot beat the best so far
        ratio = matcher.ratio()
        if ratio > best:
            best = ratio
    return best


def score(query_words: list[str], text: str) -> float:
    """0 when any query word has no close match in the text, else the mean closeness (1 for exact words)."""
    text_words = text.split()
    total = 0.0
    for query_word in query_words:
        # Short words and codes must match exactly or as a prefix: "st" must not match "sw", nor "sn10" "sn15".
        match = word_matches(query_word, text_words)
        exact_only = len(query_word) <= 3 or any(ch.isdigit() for ch in query_word)
        threshold = 1.0 if exact_only else 0.75
        if match < threshold:
            return 0.0
        total += match
    return total / len(query_words) if query_words else 0.0
