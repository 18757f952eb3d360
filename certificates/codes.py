"""Certificate codes: 80 random bits written as 16 Crockford base32 characters in four groups of four."""
import re
import secrets

# Crockford's alphabet leaves out I, L, O and U, so a code read aloud or copied by hand stays unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 80
CODE_LENGTH = CODE_BITS // 5  # 16 characters, 5 bits each
GROUP = 4

# Letters people mistype for digits are read as the digits they look like (Crockford's decoding rules).
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
_VALID = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """A fresh code in stored form (16 characters, no separators)."""
    number = int.from_bytes(secrets.token_bytes(CODE_BITS // 8), "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def normalise(text: str) -> str | None:
    """The stored form of a code as someone typed it, or None if it cannot be a code.

    Case, spaces and hyphens do not matter, and O, I and L are read as 0, 1 and 1.
    """
    cleaned = _SEPARATORS.sub("", (text or "").upper()).translate(_READ_AS)
    return cleaned if _VALID.match(cleaned) else None


def display(code: str) -> str:
    """A stored code as printed: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
