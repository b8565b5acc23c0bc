"""Closed code lists stored in the database (design.md §7 and the statistics forms).

Codes are stable identifiers in data, JSON and tests; their display names live with the UI and
the translation layer, never in the database.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The level a site works at."""

    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"


LEVEL = {Role.COMMUNE.value: 1, Role.DISTRICT.value: 2, Role.PROVINCE.value: 3}
"""How high a site's role stands: a higher number is an office above."""


class UnitLevel(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    VILLAGE = "village"


class UnitKind(StrEnum):
    """Vietnamese administrative unit types, current and historical."""

    TINH = "tinh"
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong"
    HUYEN = "huyen"
    QUAN = "quan"
    THI_XA = "thi_xa"
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh"
    XA = "xa"
    PHUONG = "phuong"
    THI_TRAN = "thi_tran"
    DAC_KHU = "dac_khu"
    THON = "thon"
    BAN = "ban"
    TO_DAN_PHO = "to_dan_pho"
    AP = "ap"
    KHU_PHO = "khu_pho"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Occupation(StrEnum):
    """The occupation categories the TĐKT statistics forms count."""

    LEADER = "leader"
    CIVIL_SERVANT = "civil_servant"
    WORKER = "worker"
    FARMER = "farmer"
    STUDENT = "student"
    OTHER = "other"


class CollectiveKind(StrEnum):
    AGENCY = "agency"
    VILLAGE = "village"
    SCHOOL = "school"
    HOUSEHOLD = "household"
    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"
    ASSOCIATION = "association"
    OTHER = "other"


class Rating(StrEnum):
    """Yearly task ratings (design.md §7)."""

    HTXS = "HTXS"
    HTT = "HTT"
    HT = "HT"
    KHT = "KHT"


class SubjectKind(StrEnum):
    """Who a record is about, in every layer from the rules to the lists: a person, a collective
    (an agency, a village, a school…), or a household, the collective the law rewards apart
    (Gia đình văn hóa)."""

    PERSON = "person"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"

    @classmethod
    def of_collective(cls, collective_kind: str) -> SubjectKind:
        """A collective record's subject kind: a household, or any other collective."""
        return cls.HOUSEHOLD if collective_kind == CollectiveKind.HOUSEHOLD else cls.COLLECTIVE


class AwardSubject(StrEnum):
    """Whom an award of the catalog is for, as the catalog's data writes it ("individual" is the
    law's cá nhân): stored in published catalogs and in `award_type`, so it keeps its words."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"
    ANY = "any"

    @classmethod
    def of(cls, kind: str) -> AwardSubject:
        """The catalog's word for the awards a subject of `kind` can hold."""
        return cls.INDIVIDUAL if kind == SubjectKind.PERSON else cls(kind)


class AwardForm(StrEnum):
    """Danh hiệu thi đua (title) or hình thức khen thưởng (form of commendation)."""

    TITLE = "title"
    COMMENDATION = "commendation"


class ConferringLevel(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"
    DEPARTMENT = "department"
    PROVINCE = "province"
    MINISTRY = "ministry"
    GOVERNMENT = "government"
    STATE = "state"


class InitiativeScope(StrEnum):
    """Design.md §7 initiative scopes."""

    CO_SO = "co_so"
    TINH = "tinh"
    TOAN_QUOC = "toan_quoc"


class InitiativeKind(StrEnum):
    INITIATIVE = "initiative"
    RESEARCH = "research"


class DisciplineLevel(StrEnum):
    """Disciplinary measures, mildest first; the rules compare against cảnh cáo."""

    KHIEN_TRACH = "khien_trach"
    CANH_CAO = "canh_cao"
    HA_BAC_LUONG = "ha_bac_luong"
    GIANG_CHUC = "giang_chuc"
    CACH_CHUC = "cach_chuc"
    BUOC_THOI_VIEC = "buoc_thoi_viec"


class MovementKind(StrEnum):
    REGULAR = "regular"
    THEMATIC = "thematic"


class MovementOrigin(StrEnum):
    OWN = "own"
    UPPER = "upper"


class MovementStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class MilestoneKind(StrEnum):
    SO_KET = "so_ket"
    TONG_KET = "tong_ket"


class RegistrationState(StrEnum):
    NOT_SENT = "not_sent"
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


class ProposalKind(StrEnum):
    REGULAR = "regular"
    THEMATIC = "thematic"
    ADHOC = "adhoc"
    SIMPLIFIED = "simplified"
    CONTRIBUTION = "contribution"
    SERVICE_YEARS = "service_years"
    FOREIGN = "foreign"
    FAMILY = "family"


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    COUNCIL_REVIEWED = "council_reviewed"
    DECIDED = "decided"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    APPRAISED = "appraised"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"


class ItemStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DossierKind(StrEnum):
    """Dossier documents of Law Art. 84."""

    TO_TRINH = "to_trinh"
    BAO_CAO_THANH_TICH = "bao_cao_thanh_tich"
    BIEN_BAN = "bien_ban"
    SANG_KIEN = "sang_kien"
    TOM_TAT_THANH_TICH = "tom_tat_thanh_tich"
    OTHER = "other"


class DecisionKind(StrEnum):
    AWARD = "award"
    REVOCATION = "revocation"


class DecisionStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


class SignMode(StrEnum):
    """How the signer signs: in own right, on behalf (KT., TM.), by order (TL.), acting (Q.)."""

    OWN = "own"
    KT = "kt"
    TM = "tm"
    TL = "tl"
    TUQ = "tuq"
    Q = "q"


class ModelStage(StrEnum):
    """The cycle of an exemplary model: phát hiện → bồi dưỡng → tổng kết → nhân rộng."""

    DISCOVERED = "discovered"
    NURTURED = "nurtured"
    SUMMARISED = "summarised"
    REPLICATED = "replicated"


class ReleaseKind(StrEnum):
    """What a province or district publishes for the units below it (`models.ReferenceRelease`)."""

    RULE_PARAMETERS = "rule_parameters"
    BASE_SALARY = "base_salary"
    AWARD_CATALOG = "award_catalog"


class MatchVerdict(StrEnum):
    """A reviewer's word on two person records that look alike (`models.PersonMatch`)."""

    SAME = "same"
    DIFFERENT = "different"


class UserRole(StrEnum):
    VIEWER = "viewer"
    OFFICER = "officer"
    APPROVER = "approver"
    ADMIN = "admin"
