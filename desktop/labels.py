"""What each stored code is called on screen and in documents.

Codes stay stable in data; their names are messages for the translation layer (`_()` when shown).
"""

from __future__ import annotations

from desktop.codes import (
    CollectiveKind,
    ConferringLevel,
    DossierKind,
    Gender,
    ItemStatus,
    MilestoneKind,
    ModelStage,
    MovementKind,
    MovementOrigin,
    MovementStatus,
    Occupation,
    ProposalKind,
    ProposalStatus,
    Rating,
    RegistrationState,
    ReleaseKind,
    Role,
    SignMode,
    UnitKind,
    UserRole,
)
from desktop.i18n import N_, _

GENDER = {Gender.MALE: N_("Male"), Gender.FEMALE: N_("Female")}
OCCUPATION = {
    Occupation.LEADER: N_("Leader or manager"),
    Occupation.CIVIL_SERVANT: N_("Civil servant or public employee"),
    Occupation.WORKER: N_("Worker"),
    Occupation.FARMER: N_("Farmer"),
    Occupation.STUDENT: N_("Pupil or student"),
    Occupation.OTHER: N_("Other"),
}
COLLECTIVE_KIND = {
    CollectiveKind.AGENCY: N_("Agency or unit"),
    CollectiveKind.VILLAGE: N_("Village"),
    CollectiveKind.SCHOOL: N_("School"),
    CollectiveKind.HOUSEHOLD: N_("Household"),
    CollectiveKind.COOPERATIVE: N_("Cooperative"),
    CollectiveKind.ENTERPRISE: N_("Enterprise"),
    CollectiveKind.ASSOCIATION: N_("Association"),
    CollectiveKind.OTHER: N_("Other"),
}
RATING = {
    Rating.HTXS: N_("Excellent (HTXS)"),
    Rating.HTT: N_("Good (HTT)"),
    Rating.HT: N_("Completed (HT)"),
    Rating.KHT: N_("Not completed (KHT)"),
}
ROLE = {Role.COMMUNE: N_("Commune"), Role.DISTRICT: N_("District"), Role.PROVINCE: N_("Province")}
USER_ROLE = {
    UserRole.VIEWER: N_("Viewer"),
    UserRole.OFFICER: N_("Officer"),
    UserRole.APPROVER: N_("Approver"),
    UserRole.ADMIN: N_("Administrator"),
}
CONFERRING_LEVEL = {
    ConferringLevel.COMMUNE: N_("Commune"),
    ConferringLevel.DISTRICT: N_("District"),
    ConferringLevel.DEPARTMENT: N_("Department"),
    ConferringLevel.PROVINCE: N_("Province"),
    ConferringLevel.MINISTRY: N_("Ministry"),
    ConferringLevel.GOVERNMENT: N_("Government"),
    ConferringLevel.STATE: N_("State"),
}
VILLAGE_KIND = {
    UnitKind.THON: N_("Thôn"),
    UnitKind.BAN: N_("Bản"),
    UnitKind.TO_DAN_PHO: N_("Tổ dân phố"),
    UnitKind.AP: N_("Ấp"),
    UnitKind.KHU_PHO: N_("Khu phố"),
}

PROPOSAL_KIND = {
    ProposalKind.REGULAR: N_("Regular (year-end)"),
    ProposalKind.THEMATIC: N_("Thematic or by round"),
    ProposalKind.ADHOC: N_("Ad hoc"),
    ProposalKind.SIMPLIFIED: N_("Simplified procedure"),
    ProposalKind.CONTRIBUTION: N_("Long contribution"),
    ProposalKind.SERVICE_YEARS: N_("Years of service"),
    ProposalKind.FOREIGN: N_("Foreign"),
    ProposalKind.FAMILY: N_("Families and villages (văn hóa)"),
}
PROPOSAL_STATUS = {
    ProposalStatus.DRAFT: N_("Draft"),
    ProposalStatus.COUNCIL_REVIEWED: N_("Reviewed by the council"),
    ProposalStatus.DECIDED: N_("Decided"),
    ProposalStatus.SUBMITTED: N_("Sent up"),
    ProposalStatus.RECEIVED: N_("Received"),
    ProposalStatus.APPRAISED: N_("Appraised"),
    ProposalStatus.RETURNED: N_("Returned"),
    ProposalStatus.APPROVED: N_("Approved"),
    ProposalStatus.REJECTED: N_("Rejected"),
}
ITEM_STATUS = {
    ItemStatus.PROPOSED: N_("Proposed"),
    ItemStatus.ACCEPTED: N_("Agreed"),
    ItemStatus.REJECTED: N_("Not agreed"),
}
DOSSIER_KIND = {
    DossierKind.TO_TRINH: N_("Submission (tờ trình)"),
    DossierKind.BAO_CAO_THANH_TICH: N_("Achievement report"),
    DossierKind.BIEN_BAN: N_("Council minutes (biên bản)"),
    DossierKind.SANG_KIEN: N_("Initiative certificate"),
    DossierKind.TOM_TAT_THANH_TICH: N_("Achievement summary"),
    DossierKind.OTHER: N_("Other document"),
}
SIGN_MODE = {
    SignMode.OWN: N_("In own name"),
    SignMode.KT: N_("KT. (signing for the head)"),
    SignMode.TM: N_("TM. (on behalf of the body)"),
    SignMode.TL: N_("TL. (by order)"),
    SignMode.TUQ: N_("TUQ. (by authorisation)"),
    SignMode.Q: N_("Q. (acting)"),
}

MOVEMENT_KIND = {
    MovementKind.REGULAR: N_("Regular (thường xuyên)"),
    MovementKind.THEMATIC: N_("Thematic (chuyên đề)"),
}
MOVEMENT_ORIGIN = {
    MovementOrigin.OWN: N_("Launched by this unit"),
    MovementOrigin.UPPER: N_("Received from above"),
}
MOVEMENT_STATUS = {
    MovementStatus.DRAFT: N_("Being planned"),
    MovementStatus.ACTIVE: N_("Running"),
    MovementStatus.CLOSED: N_("Closed"),
}
MILESTONE_KIND = {
    MilestoneKind.SO_KET: N_("Interim review (sơ kết)"),
    MilestoneKind.TONG_KET: N_("Final review (tổng kết)"),
}
REGISTRATION_STATE = {
    RegistrationState.NOT_SENT: N_("Not sent"),
    RegistrationState.PENDING: N_("Awaiting approval"),
    RegistrationState.APPROVED: N_("Approved"),
    RegistrationState.RETURNED: N_("Returned"),
}
MODEL_STAGE = {
    ModelStage.DISCOVERED: N_("Discovered (phát hiện)"),
    ModelStage.NURTURED: N_("Nurtured (bồi dưỡng)"),
    ModelStage.SUMMARISED: N_("Summarised (tổng kết)"),
    ModelStage.REPLICATED: N_("Replicated (nhân rộng)"),
}


RELEASE_KIND = {
    ReleaseKind.RULE_PARAMETERS: N_("Rule parameters (quy chế of the province)"),
    ReleaseKind.BASE_SALARY: N_("Base salary (lương cơ sở)"),
    ReleaseKind.AWARD_CATALOG: N_("Award catalog (danh mục khen thưởng)"),
}


def label(table: dict, code: str | None) -> str:
    """The translated name of `code` in `table`; the code itself when it is not listed."""
    if code is None:
        return ""
    message = table.get(code)
    return _(message) if message else code
