"""Text as people type it, made plain once for every form.

Browsers send line breaks as CRLF while stored text has LF, so an unchanged
text would count as changed; control characters pasted from other programs
break spreadsheets and XML. Both are cleaned here, on the way in, and again
before anything is written to a spreadsheet.
"""

import re

# C0 controls except tab and line feed, DEL, and C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_text(value):
    """``value`` with CRLF and CR as LF and control characters removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", value)


class PlainTextInputMiddleware:
    """Every form's posted text arrives plain, whatever the form (the admin's too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            cleaned = request.POST.copy()
            for key, values in cleaned.lists():
                cleaned.setlist(key, [plain_text(v) for v in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)
