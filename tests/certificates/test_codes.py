"""Certificate codes: unguessable, printed unambiguously, and matched however they are typed."""
import math
import re

from certificates import codes


def test_a_code_carries_at_least_80_random_bits():
    assert len(codes.ALPHABET) == 32
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 80


def test_codes_are_16_unambiguous_characters_printed_in_four_groups_of_four():
    code = codes.new_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{16}", code)
    assert not set(code) & set("ILOU")
    assert re.fullmatch(r"([0-9A-Z]{4}-){3}[0-9A-Z]{4}", codes.display(code))


def test_codes_do_not_repeat_and_use_the_whole_alphabet():
    many = [codes.new_code() for _ in range(5000)]
    assert len(set(many)) == len(many)
    used = set("".join(many))
    assert used == set(codes.ALPHABET)
    # Every position varies: nothing fixed or sequential a guesser could use.
    for position in range(codes.CODE_LENGTH):
        assert len({code[position] for code in many}) == 32


def test_codes_match_whatever_the_case_spacing_or_hyphens():
    code = codes.new_code()
    printed = codes.display(code)
    for typed in (printed, printed.lower(), code.lower(), " ".join(printed.split("-")), f"  {printed}  "):
        assert codes.normalise(typed) == code


def test_letters_read_as_the_digits_they_look_like():
    assert codes.normalise("oooo-iiii-llll-0000") == "0000111111110000"


def test_anything_else_is_not_a_code():
    for text in ("", "ABCD", "ABCD-EFGH-JKMN-PQRSX", "ABCD-EFGH-JKMN-PQR!", "UUUU-UUUU-UUUU-UUUU", None):
        assert codes.normalise(text) is None
