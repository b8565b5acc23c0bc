"""The ORM classes of the whole domain (SQLAlchemy 2, no Qt)."""

from desktop.models.achievements import Discipline, Initiative, InitiativeAuthor, TaskRating
from desktop.models.base import Base, SyncedRecord, utcnow
from desktop.models.decisions import Award, Decision
from desktop.models.exemplary import ExemplaryEvent, ExemplaryModel, GoodDeed
from desktop.models.movements import (
    LinkedDocument,
    Movement,
    MovementCriterion,
    MovementMilestone,
    MovementTarget,
    Registration,
    RegistrationPledge,
    TargetReading,
)
from desktop.models.people import Collective, CollectiveMember, Person, PersonMatch
from desktop.models.proposals import (
    Attachment,
    CouncilMeeting,
    CouncilVote,
    DossierDocument,
    Proposal,
    ProposalItem,
)
from desktop.models.reference import AdminUnit, AwardType, EthnicGroup, ReferenceRelease, official_unit_id
from desktop.models.site import AuditEntry, PeerSite, Setting, Site, SiteKeys, User
from desktop.models.sync import (
    SyncAck,
    SyncBundle,
    SyncChange,
    SyncConflict,
    SyncQuarantine,
    SyncRoute,
    SyncStream,
    change_key,
)

__all__ = [
    "AdminUnit",
    "Attachment",
    "AuditEntry",
    "Award",
    "AwardType",
    "Base",
    "Collective",
    "CollectiveMember",
    "CouncilMeeting",
    "CouncilVote",
    "Decision",
    "Discipline",
    "DossierDocument",
    "EthnicGroup",
    "ExemplaryEvent",
    "ExemplaryModel",
    "GoodDeed",
    "Initiative",
    "InitiativeAuthor",
    "LinkedDocument",
    "Movement",
    "MovementCriterion",
    "MovementMilestone",
    "MovementTarget",
    "PeerSite",
    "Person",
    "PersonMatch",
    "Proposal",
    "ProposalItem",
    "ReferenceRelease",
    "Registration",
    "RegistrationPledge",
    "Setting",
    "Site",
    "SiteKeys",
    "SyncAck",
    "SyncBundle",
    "SyncChange",
    "SyncConflict",
    "SyncQuarantine",
    "SyncRoute",
    "SyncStream",
    "SyncedRecord",
    "TargetReading",
    "TaskRating",
    "User",
    "change_key",
    "official_unit_id",
    "utcnow",
]
