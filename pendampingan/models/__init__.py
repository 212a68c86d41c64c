"""The core's models, one module per subject; everything is importable from here."""

from pendampingan.models.accounts import SentReminder  # noqa: F401
from pendampingan.models.agreements import (  # noqa: F401
    MAX_ASSESSMENT_INTERVAL,
    MAX_TOLERANCE,
    Agreement,
    AgreementAmendment,
    AgreementContent,
    AgreementQuerySet,
)
from pendampingan.models.base import (  # noqa: F401
    ActingOfficerHistory,
    Approvable,
    Approval,
    Authored,
    OutdatedVersion,
    Party,
    Position,
    Refused,
    Submission,
    Versioned,
    domain_history,
    officer_field,
    officer_label,
    officer_snapshot,
)
from pendampingan.models.groups import CommunityGroup, Member  # noqa: F401
from pendampingan.models.institutions import Institution, Staff  # noqa: F401
from pendampingan.models.jobs import DailyRun, PreparedFile  # noqa: F401
from pendampingan.models.journal import JournalEvent  # noqa: F401
from pendampingan.models.standing import Standing  # noqa: F401
from pendampingan.models.verification import Verification  # noqa: F401
