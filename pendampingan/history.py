"""Names the acting group officer on every history record.

simple-history records the user of each change; on a group's shared login
that is the group, not a person. Its ``pre_create_historical_record`` signal
is the library's way to fill extra fields, and this is the one receiver.
"""

from simple_history.models import HistoricalRecords

from pendampingan.models import officer_snapshot


def record_acting_officer(sender, instance, history_instance, **kwargs):
    officer = getattr(instance, "_history_officer", None)
    if officer is None:
        request = getattr(HistoricalRecords.context, "request", None)
        actor = getattr(request, "actor", None)
        officer = getattr(actor, "officer", None) if actor is not None else None
    history_instance.history_officer = officer
    snapshot = officer_snapshot(officer)
    history_instance.history_officer_name = snapshot["name"]
    history_instance.history_officer_position = snapshot["position"]
