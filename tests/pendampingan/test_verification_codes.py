"""Verification codes and the digest of approved content: the pieces, before any page uses them."""

import datetime
import math
from decimal import Decimal

from pendampingan import codes, verification


def test_a_code_holds_at_least_80_random_bits_and_differs_every_time():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert math.log2(len(codes.ALPHABET)) * codes.LENGTH >= 80
    assert all(len(c) == 16 and set(c) <= set(codes.ALPHABET) for c in made)


def test_it_is_written_in_groups_and_read_back_whatever_the_look_alikes():
    code = "7K2M0X9P4TDV1HNB"
    assert codes.written(code) == "7K2M-0X9P-4TDV-1HNB"
    assert codes.normalize("7k2m-ox9p 4tdv-lhnb") == code
    assert codes.normalize("7K2M-0X9P-4TDV-IHNB") == code


def test_anything_else_is_no_code():
    for typed in [
        "",
        "7K2M",
        "7K2M-0X9P-4TDV-1HNBX",
        "UUUU-UUUU-UUUU-UUUU",
        "<script>",
        "7K2M-0X9P-4TDV-1HN!",
    ]:
        assert codes.normalize(typed) is None


def test_the_digest_depends_on_the_content_not_on_its_order_or_types():
    content = {"title": "Kesepakatan", "start": datetime.date(2026, 1, 5), "budget": Decimal("1500000.00")}
    same = {"budget": Decimal("1500000"), "start": "2026-01-05", "title": "Kesepakatan"}
    assert verification.digest(content) == verification.digest(same)
    assert verification.digest(content) != verification.digest({**content, "title": "Kesepakatan."})
    assert len(verification.digest(content)) == 64
