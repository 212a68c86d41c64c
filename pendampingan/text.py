"""Text as people type it, made plain once for every form.

Browsers send line breaks as CRLF while stored text has LF, so an unchanged
text would count as changed; control characters pasted from other programs
break spreadsheets and XML. Both are cleaned here, on the way in, and again
before anything is written to a spreadsheet.
"""

import re

# C0 controls except tab and line feed, DEL, C1 controls, and the invisible
# direction overrides and zero-width marks that make a text read other than it is.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")


def plain_text(value):
    """``value`` with every line break as LF and control characters removed."""
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", value))
