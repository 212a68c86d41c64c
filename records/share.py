"""Ready Indonesian text for where the group already talks: a meeting's invitation, the minutes' summary.

The page offers each through the core's sharing (``pendampingan.share``): to copy, or to open in WhatsApp.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pendampingan.share import in_indonesian


@in_indonesian
def invitation(meeting):
    agreement = meeting.agreement
    lines = [
        _("*Invitation: %(title)s*") % {"title": meeting.title},
        agreement.group.name,
        "",
        _("Day, date: %(date)s") % {"date": date_format(meeting.held_on, "l, j F Y")},
        _("Time: %(time)s") % {"time": meeting.start_time.strftime("%H.%M")},
        _("Place: %(place)s") % {"place": meeting.place},
    ]
    if meeting.agenda_items:
        lines += ["", _("Agenda:")] + [f"{n}. {item}" for n, item in enumerate(meeting.agenda_items, 1)]
    lines += ["", _("All officers and the facilitator are expected to attend. Thank you.")]
    return "\n".join(lines)


@in_indonesian
def minutes_summary(content):
    """The confirmed minutes in a few lines: what was decided, who does what by when."""
    meeting = content["meeting"]
    held_on = datetime.date.fromisoformat(meeting["date"])
    lines = [
        _("*Minutes: %(title)s, %(date)s*") % {"title": meeting["title"], "date": date_format(held_on)},
        _("Confirmed by both parties."),
    ]
    if content["decisions"]:
        lines += ["", _("Decisions:")] + [f"{n}. {d}" for n, d in enumerate(content["decisions"], 1)]
    if content["action_items"]:
        lines += ["", _("To do:")]
        for item in content["action_items"]:
            due = date_format(datetime.date.fromisoformat(item["due_date"]))
            lines.append(
                _("- %(what)s: %(who)s, by %(date)s")
                % {"what": item["what"], "who": item["who"], "date": due}
            )
    return "\n".join(lines)
