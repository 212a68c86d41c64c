"""Minutes as both parties read and confirm them: one snapshot, kept whole once confirmed.

The snapshot is plain data (texts, ISO dates), so a confirmed version reads the
same whatever later happens to the meeting, the plan or the templates.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pendampingan.versions import snapshot_changes
from plans.models import Activity


def _time(value):
    return value.strftime("%H.%M") if value else ""


def snapshot(minutes, activities=None):
    """The minutes' content as plain data; ``activities`` maps an activity key to its title."""
    meeting = minutes.meeting
    if activities is None:
        activities = {str(a.key): a.title for a in Activity.objects.in_force(minutes.agreement)}
    return {
        "meeting": {
            "title": meeting.title,
            "date": meeting.held_on.isoformat(),
            "time": _time(meeting.start_time),
            "place": meeting.place,
        },
        "agenda": meeting.agenda_items,
        "chair": minutes.chair,
        "minute_taker": minutes.minute_taker,
        "opened_at": _time(minutes.opened_at),
        "closed_at": _time(minutes.closed_at),
        "discussion": [
            {"item": d.get("item", ""), "text": d.get("text", "")} for d in minutes.discussion or []
        ],
        "decisions": minutes.decision_list,
        "action_items": [
            {
                "what": i.what,
                "who": i.who,
                "due_date": i.due_date.isoformat(),
                "activity": activities.get(str(i.activity_key), "") if i.activity_key else "",
            }
            for i in minutes.action_items.all()
        ],
    }


def attendance(rows, quorum_percent):
    """How many of the members on the attendance ``rows`` were present, and whether that made quorum."""
    members = [a for a in rows if a.member_id]
    present = sum(1 for a in members if a.is_present)
    return {
        "present": present,
        "members": len(members),
        "quorum_percent": quorum_percent,
        "quorum_met": bool(members) and present * 100 >= quorum_percent * len(members),
    }


def confirmed(minutes):
    """What both parties confirm: the snapshot with the attendance it was confirmed with, so the
    confirmed minutes count the same people whatever the list says later."""
    return dict(
        snapshot(minutes),
        attendance=attendance(minutes.meeting.attendance.all(), minutes.agreement.quorum_percent),
    )


def readable(content):
    """A snapshot with its dates as dates, for templates."""
    meeting = dict(content["meeting"], date=datetime.date.fromisoformat(content["meeting"]["date"]))
    items = [dict(i, due_date=datetime.date.fromisoformat(i["due_date"])) for i in content["action_items"]]
    return dict(content, meeting=meeting, action_items=items)


def _lines(content):
    """Each part of the minutes as one text, the way the comparison shows it."""
    texts = {
        "chair": content["chair"],
        "minute_taker": content["minute_taker"],
        "time": f"{content['opened_at']}–{content['closed_at']}",
        "decisions": "\n".join(content["decisions"]),
        "action_items": "\n".join(
            f"{i['what']} — {i['who']}, {date_format(datetime.date.fromisoformat(i['due_date']))}"
            + (f" ({i['activity']})" if i["activity"] else "")
            for i in content["action_items"]
        ),
    }
    for number, part in enumerate(content["discussion"], 1):
        texts[f"discussion:{number}:{part['item']}"] = part["text"]
    return texts


def changes(old, new):
    """What a new version changes in confirmed minutes, part by part."""
    old_lines, new_lines = _lines(old), _lines(new)
    labels = [
        ("chair", _("Chair")),
        ("minute_taker", _("Minute-taker")),
        ("time", _("Opened and closed")),
    ]
    for key in dict.fromkeys([*old_lines, *new_lines]):
        if key.startswith("discussion:"):
            labels.append((key, _("Discussion: %(item)s") % {"item": key.split(":", 2)[2]}))
    labels += [("decisions", _("Decisions")), ("action_items", _("Action items"))]
    return snapshot_changes(old_lines, new_lines, labels)
