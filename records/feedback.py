"""Whose turn it is in an activity record's thread: the record and each message ask the other party."""

from pendampingan.models import Party


def other(party):
    return Party.GROUP if party == Party.INSTITUTION else Party.INSTITUTION


def owed_by(record):
    """The party that owes an answer on ``record`` (its feedback prefetched), or None.

    A record waits for the other party's feedback; after that, a message that asks
    for an answer waits for the party that did not write it.
    """
    thread = list(record.feedback.all())
    if not thread:
        return other(record.author_party)
    last = thread[-1]
    return other(last.author_party) if last.expects_answer else None
