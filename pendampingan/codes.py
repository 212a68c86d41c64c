"""How a verification code is made, written and read back, apart from what it verifies.

80 random bits as 16 characters of Crockford's base32 in four groups ("7K2M-QX9P-4TDV-8HNB").
It is never derived from an id, and a person typing it may confuse O with 0 and I or L with 1:
they read as the same code. The model stores codes and ``pendampingan.verification`` issues
them; both write them from here, so neither imports the other.
"""

import secrets

# Crockford's base32: digits and letters without I, L, O and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
READ_AS = {"O": "0", "I": "1", "L": "1"}


def new_code():
    """A fresh code: 16 symbols of 5 random bits each, from the operating system's generator."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def written(code):
    """ "7K2MQX9P4TDV8HNB" as a person copies it: "7K2M-QX9P-4TDV-8HNB"."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize(typed):
    """The code a person typed, as stored; None when it cannot be one (so every wrong input is alike)."""
    cleaned = "".join(READ_AS.get(c, c) for c in str(typed).upper() if c not in " -.")
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned
