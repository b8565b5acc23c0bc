"""What each stored code is called on screen and in documents.

Codes stay stable in data; their names are messages for the translation layer (`_()` when shown).
"""

from __future__ import annotations

from desktop.codes import (
    CollectiveKind,
    ConferringLevel,
    Gender,
    Occupation,
    Rating,
    Role,
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


def label(table: dict, code: str | None) -> str:  # type: ignore[type-arg]
    """The translated name of `code` in `table`; the code itself when it is not listed."""
    if code is None:
        return ""
    message = table.get(code)
    return _(message) if message else code
