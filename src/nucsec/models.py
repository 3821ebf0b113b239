"""Every table, imported in one place so migrations, sessions and tests see the whole schema.

Importing this module also installs the session hooks: the visibility rule and the audit log.
"""

from nucsec.access import audit, visibility
from nucsec.access.models import ApiToken, AuditEntry, AuditHead, LoginThrottle, User
from nucsec.assessments.models import Assessment, ItemAssessment, ItemNote, ScoreRelease
from nucsec.catalogue.models import FrameworkVersion
from nucsec.competence.models import (
    Certification,
    CooperationActivity,
    CultureActivity,
    Position,
    Training,
)
from nucsec.evidence.models import (
    Evidence,
    EvidenceFile,
    EvidenceLink,
    EvidencePassage,
    EvidenceProposal,
)
from nucsec.improvement.models import ScoreCache
from nucsec.legal.models import Adherence, Contact, Instrument, Prosecution
from nucsec.publishing.models import ReleaseSignature
from nucsec.reports.models import ApprovalRequest, Narrative, ReleaseFile, ReportRelease
from nucsec.reviews.models import Finding, FindingEvent, PublishedSummary, Review
from nucsec.states.models import State

__all__ = [
    "Adherence",
    "ApiToken",
    "ApprovalRequest",
    "Assessment",
    "AuditEntry",
    "AuditHead",
    "Certification",
    "Contact",
    "CooperationActivity",
    "CultureActivity",
    "Evidence",
    "EvidenceFile",
    "EvidenceLink",
    "EvidencePassage",
    "EvidenceProposal",
    "Finding",
    "FindingEvent",
    "FrameworkVersion",
    "Instrument",
    "ItemAssessment",
    "ItemNote",
    "LoginThrottle",
    "Narrative",
    "Position",
    "Prosecution",
    "PublishedSummary",
    "ReleaseFile",
    "ReleaseSignature",
    "ReportRelease",
    "Review",
    "ScoreCache",
    "ScoreRelease",
    "State",
    "Training",
    "User",
    "audit",
    "visibility",
]
