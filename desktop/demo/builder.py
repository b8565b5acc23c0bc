"""Build a demo commune: villages, agencies, people, and ten years (2016–2025) of TĐKT work.

The history obeys the rules of domain.md §2.2, so the eligibility engine finds it sound:
LĐTT needs a registration and a rating of HTT or better (R10); CSTĐCS needs LĐTT and a recognised
initiative in the same year (R1), at most 15 % of the LĐTT holders (R2); CSTĐ tỉnh needs three
consecutive CSTĐCS and a provincial-scope initiative (R3: the award's year is the last of the three,
decided the year after); BK tỉnh needs two consecutive CSTĐCS not used by an earlier award (R7, R11);
TTLĐTT needs > 50 % of members with LĐTT and no member disciplined at cảnh cáo or above (R5); TTLĐXS
follows R6; one achievement earns one form (R9). Before 01/7/2025 the district chair decides
CSTĐCS, TTLĐTT and Thôn văn hóa; after it the commune chair does.

Everything is drawn from one seeded generator, ids included, so a seed always builds the same data.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.codes import (
    CollectiveKind,
    ConferringLevel,
    DecisionKind,
    DisciplineLevel,
    DossierKind,
    Gender,
    InitiativeScope,
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
    SignMode,
    UnitKind,
    UnitLevel,
)
from desktop.db import Database
from desktop.demo import names
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import _
from desktop.models import (
    AdminUnit,
    Award,
    Collective,
    CollectiveMember,
    CouncilMeeting,
    CouncilVote,
    Discipline,
    DossierDocument,
    ExemplaryEvent,
    ExemplaryModel,
    GoodDeed,
    Initiative,
    InitiativeAuthor,
    Movement,
    MovementCriterion,
    MovementMilestone,
    MovementTarget,
    Person,
    Proposal,
    ProposalItem,
    Registration,
    RegistrationPledge,
    Site,
    TargetReading,
    TaskRating,
)
from desktop.progress import step
from desktop.rules.engine import reward_for
from desktop.rules.parameters import default_parameters
from desktop.services import audit
from desktop.services.collectives import CollectiveFields, collective_row
from desktop.services.decisions import DecisionFields, decision_row
from desktop.services.people import PersonFields, person_row
from desktop.services.reference import TWO_TIER_START
from desktop.text import search_key

FIRST_YEAR = 2016
LAST_YEAR = 2025
CURRENT_YEAR = 2026
CSTDCS_QUOTA = 0.15
GOOD_RATINGS = (Rating.HTXS.value, Rating.HTT.value)

Subject = Person | Collective

AGENCIES: tuple[tuple[str, CollectiveKind, tuple[tuple[str, Occupation], ...]], ...] = (
    (
        "Văn phòng HĐND và UBND {place}",
        CollectiveKind.AGENCY,
        (
            ("Chủ tịch UBND xã", Occupation.LEADER),
            ("Phó Chủ tịch UBND xã", Occupation.LEADER),
            ("Phó Chủ tịch UBND xã", Occupation.LEADER),
            ("Công chức Văn phòng - Thống kê", Occupation.CIVIL_SERVANT),
            ("Công chức Tư pháp - Hộ tịch", Occupation.CIVIL_SERVANT),
            ("Công chức Tài chính - Kế toán", Occupation.CIVIL_SERVANT),
            ("Công chức Địa chính - Nông nghiệp - Xây dựng", Occupation.CIVIL_SERVANT),
            ("Công chức Văn hóa - Xã hội", Occupation.CIVIL_SERVANT),
        ),
    ),
    (
        "Ban Chỉ huy Quân sự {place}",
        CollectiveKind.AGENCY,
        (
            ("Chỉ huy trưởng Ban CHQS xã", Occupation.LEADER),
            ("Chỉ huy phó Ban CHQS xã", Occupation.CIVIL_SERVANT),
        ),
    ),
    (
        "Trạm Y tế {place}",
        CollectiveKind.AGENCY,
        (
            ("Trạm trưởng Trạm Y tế", Occupation.LEADER),
            ("Y sĩ", Occupation.CIVIL_SERVANT),
            ("Điều dưỡng", Occupation.CIVIL_SERVANT),
        ),
    ),
    (
        "Trường Mầm non {place}",
        CollectiveKind.SCHOOL,
        (("Hiệu trưởng", Occupation.LEADER), ("Giáo viên mầm non", Occupation.CIVIL_SERVANT)),
    ),
    (
        "Trường Tiểu học {place}",
        CollectiveKind.SCHOOL,
        (("Hiệu trưởng", Occupation.LEADER), ("Giáo viên tiểu học", Occupation.CIVIL_SERVANT)),
    ),
    (
        "Trường Trung học cơ sở {place}",
        CollectiveKind.SCHOOL,
        (("Hiệu trưởng", Occupation.LEADER), ("Giáo viên trung học cơ sở", Occupation.CIVIL_SERVANT)),
    ),
    (
        "Hợp tác xã Nông nghiệp {place}",
        CollectiveKind.COOPERATIVE,
        (("Giám đốc Hợp tác xã", Occupation.LEADER), ("Xã viên Hợp tác xã", Occupation.WORKER)),
    ),
)
HIGHLAND_PROVINCES = {"04", "08", "11", "12", "14", "15", "19", "20"}
"""Northern mountain and border provinces, where communes are mostly of ethnic minorities."""
TDKT_OFFICER = ("Công chức Văn hóa - Xã hội", "Nguyễn Văn Đức")
"""The commune's part-time TĐKT officer: the same person in every demo, for guides and tests."""
TEACHING_POSITIONS = {"Giáo viên mầm non", "Giáo viên tiểu học", "Giáo viên trung học cơ sở"}
INITIATIVE_TOPICS = (
    "Ứng dụng phần mềm quản lý hồ sơ hộ tịch",
    "Đổi mới phương pháp dạy đọc cho học sinh dân tộc thiểu số",
    "Mô hình trồng cây dược liệu dưới tán rừng",
    "Cải tiến quy trình tiếp nhận hồ sơ một cửa",
    "Giải pháp nâng cao tỷ lệ tiêm chủng đầy đủ",
    "Số hóa bản đồ địa chính thôn bản",
    "Mô hình chăn nuôi trâu bò vỗ béo theo hướng hàng hóa",
    "Tổ chức câu lạc bộ đọc sách song ngữ",
)
GOOD_DEEDS = (
    "Cứu người bị nước lũ cuốn trôi",
    "Nhặt được tài sản trả lại người đánh rơi",
    "Hiến đất làm đường giao thông nông thôn",
    "Tham gia dập tắt đám cháy rừng",
    "Giúp đỡ hộ nghèo dựng lại nhà sau bão",
)


@dataclass
class DemoSummary:
    seed: int
    people: int = 0
    collectives: int = 0
    decisions: int = 0
    awards: int = 0
    proposals: int = 0


@dataclass
class _Issuer:
    """Who signs a decision, and the numbering of that office's decisions and golden book."""

    unit: AdminUnit
    authority: str
    signer_name: str
    signer_title: str
    numbers: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    golden_book: dict[int, int] = field(default_factory=lambda: defaultdict(int))


class _Story:
    def __init__(self, session: Session, rng: random.Random, persons: int) -> None:
        self.session = session
        self.rng = rng
        self.target_persons = persons
        self.summary_counts: dict[str, int] = defaultdict(int)
        site = session.scalars(select(Site)).one()
        self.commune = session.get(AdminUnit, site.home_unit_id)
        if self.commune is None or self.commune.level != UnitLevel.COMMUNE.value:
            raise SoVangError(_("Demo data is made for a commune site."))
        self.province = session.get(AdminUnit, self.commune.parent_id)
        self.place = self.commune.name[0].lower() + self.commune.name[1:]
        self.short = self.commune.name.split(" ", 1)[1] if " " in self.commune.name else self.commune.name
        self.highland = self.province.code in HIGHLAND_PROVINCES
        self.mix = names.HIGHLAND_MIX if self.highland else names.LOWLAND_MIX
        self.used_id_numbers: set[str] = set()
        self.staff: list[Person] = []
        self.agency_members: dict[uuid.UUID, list[Person]] = {}
        self.agencies: list[Collective] = []
        self.villages: list[AdminUnit] = []
        self.village_collectives: list[Collective] = []
        self.households: list[Collective] = []
        self.households_of_village: dict[uuid.UUID, list[Collective]] = defaultdict(list)
        self.villagers: list[Person] = []
        self.awards_of: dict[tuple[uuid.UUID, int], set[str]] = defaultdict(set)
        self.ratings: dict[tuple[uuid.UUID, int], str] = {}
        self.disciplined: dict[int, dict[uuid.UUID, str]] = defaultdict(dict)
        self.last_bk_year: dict[uuid.UUID, int] = {}
        self.last_cstd_tinh_year: dict[uuid.UUID, int] = {}
        self.pending_ttldxs: list[Collective] = []
        self.pending_villages: list[Collective] = []

    # -- small helpers -------------------------------------------------------------------------
    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, obj, on: dt.date):
        """Give a record its id and dates from the story's clock, not the machine's."""
        when = dt.datetime.combine(on, dt.time(8, 0))
        obj.id = self.uid()
        obj.created_at = when
        obj.updated_at = when
        self.session.add(obj)
        self.summary_counts[type(obj).__name__] += 1
        return obj

    def day(self, year: int, month: int, first: int = 1, last: int = 28) -> dt.date:
        return dt.date(year, month, self.rng.randint(first, last))

    def pick_gender(self) -> Gender:
        return Gender.FEMALE if self.rng.random() < 0.5 else Gender.MALE

    def id_number(self, gender: Gender, birth_year: int) -> str:
        century = 0 if birth_year < 2000 else 2
        while True:
            number = (
                f"0{self.province.code}{century + (gender is Gender.FEMALE)}"
                f"{birth_year % 100:02d}{self.rng.randrange(10**6):06d}"
            )
            if number not in self.used_id_numbers:
                self.used_id_numbers.add(number)
                return number

    def person(
        self,
        gender: Gender,
        born_between: tuple[int, int],
        occupation: Occupation,
        position: str | None,
        workplace: str | None,
        village: AdminUnit | None,
        surname: str | None = None,
        pool: names.NamePool | None = None,
        full_name: str | None = None,
    ) -> Person:
        pool = pool or names.pick_pool(self.rng, self.mix)
        full_name = full_name or names.full_name(self.rng, pool, gender, surname)
        year = self.rng.randint(*born_between)
        exact = self.rng.random() < 0.85
        birth_date = dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)) if exact else None
        return self.add(
            person_row(
                PersonFields(
                    full_name=full_name,
                    gender=gender.value,
                    birth_date=birth_date,
                    birth_year=year,
                    ethnic_code=pool.ethnic_code,
                    id_number=self.id_number(gender, year) if self.rng.random() < 0.7 else None,
                    position=position,
                    workplace=workplace,
                    village_id=village.id if village else None,
                    hometown=self.commune.name if self.rng.random() < 0.8 else None,
                    occupation=occupation.value,
                )
            ),
            dt.date(FIRST_YEAR, 1, 4),
        )

    def collective(
        self, name: str, kind: CollectiveKind, unit: AdminUnit, head: Person | None = None
    ) -> Collective:
        return self.add(
            collective_row(CollectiveFields(name, kind.value, unit.id, head.id if head else None)),
            dt.date(FIRST_YEAR, 1, 4),
        )

    @staticmethod
    def subject_fields(subject: Subject) -> dict[str, uuid.UUID | None]:
        if isinstance(subject, Person):
            return {"person_id": subject.id, "collective_id": None}
        return {"person_id": None, "collective_id": subject.id}

    # -- the commune -----------------------------------------------------------------------------
    def build_places(self) -> None:
        self.district = self.add(
            AdminUnit(
                name=f"Huyện {self.short}",
                name_key=search_key(f"Huyện {self.short}"),
                level=UnitLevel.DISTRICT.value,
                kind=UnitKind.HUYEN.value,
                parent_id=self.province.id,
                valid_to=TWO_TIER_START - dt.timedelta(days=1),
                successor_id=self.commune.id,
            ),
            dt.date(FIRST_YEAR, 1, 2),
        )
        village_names = names.HIGHLAND_VILLAGES if self.highland else names.LOWLAND_VILLAGES
        for name in village_names:
            kind = (
                UnitKind.BAN
                if name.startswith("Bản")
                else (UnitKind.TO_DAN_PHO if name.startswith("Tổ") else UnitKind.THON)
            )
            self.villages.append(
                self.add(
                    AdminUnit(
                        name=name,
                        name_key=search_key(name),
                        level=UnitLevel.VILLAGE.value,
                        kind=kind.value,
                        parent_id=self.commune.id,
                    ),
                    dt.date(FIRST_YEAR, 1, 2),
                )
            )

    def build_people(self) -> None:
        staff_count = min(90, max(20, self.target_persons // 6))
        slots: list[tuple[int, str, Occupation]] = []
        for index, (_name, _kind, positions) in enumerate(AGENCIES):
            slots.extend((index, title, occupation) for title, occupation in positions)
        while len(slots) < staff_count:
            index = self.rng.choice((3, 4, 5, 5, 4, 6))
            title, occupation = AGENCIES[index][2][-1]
            slots.append((index, title, occupation))
        slots = slots[:staff_count]
        for template, kind, _positions in AGENCIES:
            agency = self.collective(template.format(place=self.place), kind, self.commune)
            self.agencies.append(agency)
            self.agency_members[agency.id] = []
        for index, title, occupation in slots:
            agency = self.agencies[index]
            female_share = 0.8 if title in TEACHING_POSITIONS else 0.4
            gender = Gender.FEMALE if self.rng.random() < female_share else Gender.MALE
            village = self.rng.choice(self.villages)
            if title == TDKT_OFFICER[0]:
                person = self.person(
                    Gender.MALE,
                    (1975, 1990),
                    occupation,
                    title,
                    agency.name,
                    village,
                    pool=names.KINH,
                    full_name=TDKT_OFFICER[1],
                )
            else:
                person = self.person(gender, (1965, 1998), occupation, title, agency.name, village)
            self.staff.append(person)
            self.agency_members[agency.id].append(person)
            self.add(
                CollectiveMember(
                    collective_id=agency.id,
                    person_id=person.id,
                    role=title,
                    joined_on=dt.date(FIRST_YEAR, 1, 1),
                ),
                dt.date(FIRST_YEAR, 1, 4),
            )
        chair = self.staff[0]
        self.commune_chair = _Issuer(
            self.commune, "chu_tich_ubnd_xa", chair.full_name, f"Chủ tịch UBND {self.place}"
        )
        pool = names.pick_pool(self.rng, self.mix)
        self.district_chair = _Issuer(
            self.district,
            "chu_tich_ubnd_huyen",
            names.full_name(self.rng, pool, Gender.MALE),
            f"Chủ tịch UBND {self.district.name.lower()}",
        )
        self.province_chair = _Issuer(
            self.province,
            "chu_tich_ubnd_tinh",
            names.full_name(self.rng, names.KINH, Gender.MALE),
            f"Chủ tịch UBND tỉnh {self.province.name}",
        )
        self.build_households(self.target_persons - staff_count)

    def build_households(self, villagers: int) -> None:
        for village in self.villages:
            self.village_collectives.append(self.collective(village.name, CollectiveKind.VILLAGE, village))
        while len(self.villagers) < villagers:
            village = self.rng.choice(self.villages)
            pool = names.pick_pool(self.rng, self.mix)
            head = self.person(
                Gender.MALE if self.rng.random() < 0.8 else Gender.FEMALE,
                (1945, 1995),
                Occupation.FARMER,
                None,
                None,
                village,
                pool=pool,
            )
            self.villagers.append(head)
            surname = head.full_name.split(" ")[0]
            household = self.collective(
                f"Hộ gia đình {head.full_name}", CollectiveKind.HOUSEHOLD, village, head
            )
            self.households.append(household)
            self.households_of_village[village.id].append(household)
            self.add(
                CollectiveMember(collective_id=household.id, person_id=head.id, role="Chủ hộ"),
                dt.date(FIRST_YEAR, 1, 4),
            )
            extra = min(self.rng.choice((0, 1, 1, 2, 3)), villagers - len(self.villagers))
            for _member in range(extra):
                child = self.rng.random() < 0.5
                occupation = (
                    Occupation.STUDENT
                    if child
                    else self.rng.choice(
                        (Occupation.FARMER, Occupation.FARMER, Occupation.WORKER, Occupation.OTHER)
                    )
                )
                member = self.person(
                    self.pick_gender(),
                    (2003, 2015) if child else (1950, 2000),
                    occupation,
                    None,
                    None,
                    village,
                    surname=surname if child else None,
                    pool=pool,
                )
                self.villagers.append(member)
                self.add(
                    CollectiveMember(
                        collective_id=household.id, person_id=member.id, role="Con" if child else "Thành viên"
                    ),
                    dt.date(FIRST_YEAR, 1, 4),
                )

    def build_movements(self) -> None:
        self.regular = Movement(
            code="TDTX",
            name="Phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội",
            name_key="",
            kind=MovementKind.REGULAR.value,
            origin=MovementOrigin.OWN.value,
            launched_by=f"UBND {self.place}",
            start_date=dt.date(FIRST_YEAR, 1, 1),
            status=MovementStatus.ACTIVE.value,
            participants="Cán bộ, công chức, các thôn bản và hộ gia đình",
        )
        self.plan(
            self.regular,
            dt.date(FIRST_YEAR, 1, 5),
            (),
            (),
            ((MilestoneKind.TONG_KET, dt.date(CURRENT_YEAR, 12, 20), None, None),),
        )
        self.ntm = Movement(
            code="NTM",
            name="Cả nước chung sức xây dựng nông thôn mới",
            name_key="",
            slogan="Chung sức xây dựng nông thôn mới",
            kind=MovementKind.THEMATIC.value,
            origin=MovementOrigin.UPPER.value,
            launched_by=f"UBND tỉnh {self.province.name}",
            document_number="125/KH-UBND",
            document_date=dt.date(2021, 3, 2),
            start_date=dt.date(2021, 1, 1),
            end_date=dt.date(2025, 12, 31),
            status=MovementStatus.CLOSED.value,
            participants="Các tập thể, cá nhân và hộ gia đình",
        )
        measured = (dt.date(2021, 12, 31), dt.date(2023, 6, 27), dt.date(2025, 12, 12))
        self.plan(
            self.ntm,
            dt.date(2021, 3, 10),
            tuple(
                (indicator, unit, goal, at_most, tuple(zip(measured, readings, strict=True)))
                for indicator, unit, goal, at_most, readings in (
                    ("Số tiêu chí nông thôn mới đạt chuẩn", "tiêu chí", 19, False, (14, 17, 19)),
                    ("Thu nhập bình quân đầu người", "triệu đồng/năm", 45, False, (31, 38, 46)),
                    ("Tỷ lệ hộ nghèo", "%", 3, True, (9, 5.5, 2.8)),
                )
            ),
            (
                ("Hoàn thành các chỉ tiêu được giao", 40),
                ("Huy động nguồn lực xã hội hóa", 30),
                ("Công tác tuyên truyền, nhân rộng điển hình", 30),
            ),
            (
                (
                    MilestoneKind.SO_KET,
                    dt.date(2023, 6, 30),
                    dt.date(2023, 6, 27),
                    "Đạt 17/19 tiêu chí; thu nhập tăng khá, còn khó khăn về giao thông nội đồng.",
                ),
                (
                    MilestoneKind.TONG_KET,
                    dt.date(2025, 12, 15),
                    dt.date(2025, 12, 12),
                    "Xã đạt chuẩn nông thôn mới; đề nghị khen thưởng các tập thể, cá nhân tiêu biểu.",
                ),
            ),
        )
        self.digital = Movement(
            code="CDS",
            name="Thi đua đẩy mạnh chuyển đổi số",
            name_key="",
            kind=MovementKind.THEMATIC.value,
            origin=MovementOrigin.UPPER.value,
            launched_by=f"UBND tỉnh {self.province.name}",
            document_number="48/KH-UBND",
            document_date=dt.date(2025, 8, 15),
            start_date=dt.date(2025, 9, 1),
            end_date=dt.date(2030, 12, 31),
            status=MovementStatus.ACTIVE.value,
            participants="Cán bộ, công chức và người dân",
        )
        self.plan(
            self.digital,
            dt.date(2025, 8, 20),
            (
                (
                    "Tỷ lệ hộ gia đình có tài khoản thanh toán điện tử",
                    "%",
                    80,
                    False,
                    ((dt.date(2025, 12, 31), 41), (dt.date(CURRENT_YEAR, 6, 30), 62)),
                ),
            ),
            (),
            ((MilestoneKind.SO_KET, dt.date(2027, 12, 15), None, None),),
        )
        self.build_current_movements()

    def plan(
        self,
        movement: Movement,
        on: dt.date,
        targets: tuple[tuple[str, str, float, bool, tuple[tuple[dt.date, float], ...]], ...],
        criteria: tuple[tuple[str, int], ...],
        milestones: tuple[tuple[MilestoneKind, dt.date, dt.date | None, str | None], ...],
    ) -> list[MovementTarget]:
        """A movement's targets (with the values measured so far), criteria and reviews."""
        movement.name_key = search_key(movement.name)
        self.add(movement, on)
        made = []
        for position, (indicator, unit, goal, at_most, readings) in enumerate(targets):
            target = self.add(
                MovementTarget(
                    movement_id=movement.id,
                    position=position,
                    indicator=indicator,
                    unit=unit,
                    target_value=Decimal(str(goal)),
                    at_most=at_most,
                ),
                on,
            )
            made.append(target)
            for measured_on, value in readings:
                self.add(
                    TargetReading(target_id=target.id, measured_on=measured_on, value=Decimal(str(value))),
                    measured_on,
                )
        for position, (text, points) in enumerate(criteria):
            self.add(
                MovementCriterion(
                    movement_id=movement.id, position=position, text=text, max_points=Decimal(points)
                ),
                on,
            )
        for kind, due_on, held_on, notes in milestones:
            self.add(
                MovementMilestone(
                    movement_id=movement.id, kind=kind.value, due_on=due_on, held_on=held_on, notes=notes
                ),
                on,
            )
        return made

    def build_current_movements(self) -> None:
        """The movements running this year, modelled on the provincial plans of the seeds."""
        mid_year = dt.date(CURRENT_YEAR, 6, 30)
        self.poverty = Movement(
            code="VNN",
            name="Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
            name_key="",
            slogan="Không để ai bị bỏ lại phía sau",
            kind=MovementKind.THEMATIC.value,
            origin=MovementOrigin.UPPER.value,
            launched_by=f"UBND tỉnh {self.province.name}",
            document_number="35/KH-UBND",
            document_date=dt.date(CURRENT_YEAR, 2, 10),
            start_date=dt.date(CURRENT_YEAR, 3, 1),
            end_date=dt.date(2030, 12, 31),
            status=MovementStatus.ACTIVE.value,
            scope="Toàn xã",
            participants="Các thôn bản, hộ gia đình, đoàn thể và cán bộ, công chức",
            purpose="Giảm nghèo bền vững, hỗ trợ nhà ở cho hộ nghèo, tạo việc làm cho lao động nông thôn.",
        )
        self.poverty_targets = self.plan(
            self.poverty,
            dt.date(CURRENT_YEAR, 2, 20),
            (
                ("Tỷ lệ hộ nghèo", "%", 2, True, ((dt.date(CURRENT_YEAR, 3, 1), 6.4), (mid_year, 4.8))),
                ("Nhà đại đoàn kết xây mới cho hộ nghèo", "căn", 15, False, ((mid_year, 6),)),
                ("Lao động được giải quyết việc làm mới", "người", 120, False, ((mid_year, 47),)),
            ),
            (
                ("Hoàn thành chỉ tiêu giảm nghèo được giao", 50),
                ("Huy động nguồn lực hỗ trợ hộ nghèo", 30),
                ("Phát hiện, nhân rộng mô hình giảm nghèo hiệu quả", 20),
            ),
            (
                (MilestoneKind.SO_KET, dt.date(2028, 6, 30), None, None),
                (MilestoneKind.TONG_KET, dt.date(2030, 12, 15), None, None),
            ),
        )
        self.office_culture = Movement(
            code="VHCS",
            name="Cán bộ, công chức thi đua thực hiện văn hóa công sở",
            name_key="",
            slogan="Kỷ cương, trách nhiệm, thân thiện, phục vụ",
            kind=MovementKind.THEMATIC.value,
            origin=MovementOrigin.OWN.value,
            launched_by=f"UBND {self.place}",
            document_number="08/KH-UBND",
            document_date=dt.date(CURRENT_YEAR, 1, 12),
            start_date=dt.date(CURRENT_YEAR, 1, 15),
            end_date=dt.date(CURRENT_YEAR, 12, 31),
            status=MovementStatus.ACTIVE.value,
            scope="Cơ quan Đảng ủy, HĐND, UBND xã",
            participants="Cán bộ, công chức, người hoạt động không chuyên trách cấp xã",
        )
        self.plan(
            self.office_culture,
            dt.date(CURRENT_YEAR, 1, 12),
            (
                ("Hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", 98, False, ((mid_year, 96.5),)),
                ("Cán bộ, công chức vi phạm kỷ luật", "người", 0, True, ((mid_year, 0),)),
            ),
            (
                ("Chấp hành giờ giấc, nội quy cơ quan", 30),
                ("Thái độ phục vụ người dân", 40),
                ("Ứng dụng công nghệ thông tin trong công việc", 30),
            ),
            (
                (
                    MilestoneKind.SO_KET,
                    mid_year,
                    dt.date(CURRENT_YEAR, 7, 8),
                    "Cơ bản thực hiện tốt nội quy; còn hồ sơ trễ hẹn ở lĩnh vực đất đai.",
                ),
                (MilestoneKind.TONG_KET, dt.date(CURRENT_YEAR, 12, 10), None, None),
            ),
        )

    # -- records of a year ---------------------------------------------------------------------
    def register(
        self,
        subject: Subject,
        year: int,
        code: str,
        state: str,
        movement: Movement | None = None,
        note: str | None = None,
    ) -> Registration:
        return self.add(
            Registration(
                year=year,
                movement_id=(movement or self.regular).id,
                award_code=code,
                state=state,
                registered_on=dt.date(year, 1, 20),
                note=note,
                **self.subject_fields(subject),
            ),
            dt.date(year, 1, 20),
        )

    def rate(self, subject: Subject, year: int, weights: tuple[int, int, int, int]) -> str:
        rating = self.rng.choices([r.value for r in Rating], weights=weights)[0]
        if isinstance(subject, Person) and subject.id in self.disciplined[year]:
            rating = Rating.HT.value
        self.ratings[(subject.id, year)] = rating
        self.add(
            TaskRating(
                year=year, rating=rating, rated_by=f"UBND {self.place}", **self.subject_fields(subject)
            ),
            dt.date(year, 12, 10),
        )
        return rating

    def initiative(self, author: Person, year: int, scope: InitiativeScope) -> None:
        recognised_on = self.day(year, self.rng.randint(9, 11))
        by = (
            f"Hội đồng sáng kiến {self.place}"
            if scope is InitiativeScope.CO_SO
            else f"Chủ tịch UBND tỉnh {self.province.name}"
        )
        initiative = self.add(
            Initiative(
                title=self.rng.choice(INITIATIVE_TOPICS),
                scope=scope.value,
                recognised_by=by,
                recognition_number=f"{self.rng.randint(10, 300)}/QĐ-UBND",
                recognised_on=recognised_on,
            ),
            recognised_on,
        )
        self.add(InitiativeAuthor(initiative_id=initiative.id, person_id=author.id), recognised_on)

    def propose(
        self,
        title: str,
        kind: ProposalKind,
        year: int,
        to_level: ConferringLevel,
        to_unit: AdminUnit,
        items: list[tuple[Subject, str, str]],
        status: ProposalStatus,
        on: dt.date,
        secret_ballot: bool = False,
        posting: bool = False,
    ) -> Proposal | None:
        if not items:
            return None
        proposal = self.add(
            Proposal(
                number=f"{self.rng.randint(10, 250)}/TTr-UBND",
                title=title,
                kind=kind.value,
                year=year,
                movement_id=self.regular.id,
                period_from=dt.date(year, 1, 1),
                period_to=dt.date(year, 12, 31),
                to_level=to_level.value,
                to_unit_id=to_unit.id,
                status=status.value,
                revision=1,
                submitted_on=on if status is not ProposalStatus.DRAFT else None,
                posting_place="Nhà văn hóa các thôn, bản" if posting else None,
                posting_from=on - dt.timedelta(days=20) if posting else None,
                posting_to=on - dt.timedelta(days=10) if posting else None,
                posting_comments="Không có ý kiến phản ánh" if posting else None,
            ),
            on,
        )
        settled = status in (ProposalStatus.DECIDED, ProposalStatus.APPROVED)
        item_status = ItemStatus.ACCEPTED if settled else ItemStatus.PROPOSED
        proposal_items = [
            self.add(
                ProposalItem(
                    proposal_id=proposal.id,
                    position=position,
                    award_code=code,
                    achievement=achievement,
                    status=item_status.value,
                    **self.subject_fields(subject),
                ),
                on,
            )
            for position, (subject, code, achievement) in enumerate(items)
        ]
        if status is ProposalStatus.DRAFT:
            return proposal
        self.add(
            DossierDocument(
                proposal_id=proposal.id, kind=DossierKind.TO_TRINH.value, title=f"Tờ trình {proposal.number}"
            ),
            on,
        )
        if kind is not ProposalKind.SIMPLIFIED:
            held_on = on - dt.timedelta(days=3)
            present = self.rng.randint(7, 9)
            meeting = self.add(
                CouncilMeeting(
                    proposal_id=proposal.id,
                    held_on=held_on,
                    place=f"Hội trường UBND {self.place}",
                    chaired_by=self.commune_chair.signer_name,
                    members_total=9,
                    members_present=present,
                    secret_ballot=secret_ballot,
                ),
                held_on,
            )
            for item in proposal_items:
                votes = self.rng.randint(math.ceil(present * 0.7), present)
                self.add(
                    CouncilVote(meeting_id=meeting.id, item_id=item.id, votes_for=votes, votes_cast=present),
                    held_on,
                )
            self.add(
                DossierDocument(
                    proposal_id=proposal.id,
                    kind=DossierKind.BIEN_BAN.value,
                    title="Biên bản họp Hội đồng Thi đua - Khen thưởng",
                ),
                held_on,
            )
        return proposal

    def decide(
        self,
        issuer: _Issuer,
        on: dt.date,
        summary: str,
        year: int,
        grants: list[tuple[Subject, str, str]],
        proposal: Proposal | None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        if not grants:
            return
        # An office numbers all its decisions through the year, not only its awards.
        day_number = on.timetuple().tm_yday + self.rng.randint(0, 20)
        issuer.numbers[on.year] = max(issuer.numbers[on.year] + 1, day_number)
        number = f"{issuer.numbers[on.year]:02d}/QĐ-UBND"
        fields = DecisionFields(
            number,
            on,
            summary,
            issuer.signer_name,
            issuer.signer_title,
            SignMode.OWN.value if self.rng.random() < 0.8 else SignMode.KT.value,
            issuer_unit_id=issuer.unit.id,
        )
        decision = decision_row(fields, DecisionKind.AWARD.value, issuer.authority)
        decision.proposal_id = proposal.id if proposal else None
        decision = self.add(decision, on)
        period_from, period_to = period or (dt.date(year, 1, 1), dt.date(year, 12, 31))
        for subject, code, achievement in grants:
            issuer.golden_book[on.year] += 1
            self.add(
                Award(
                    decision_id=decision.id,
                    award_code=code,
                    year=year,
                    period_from=period_from,
                    period_to=period_to,
                    achievement=achievement,
                    reward_amount=reward_for(code, on, default_parameters()).amount,
                    golden_book_number=f"{issuer.golden_book[on.year]:04d}/{on.year}",
                    **self.subject_fields(subject),
                ),
                on,
            )
            self.awards_of[(subject.id, year)].add(code)

    def commune_or_district(self, on: dt.date) -> tuple[_Issuer, ConferringLevel]:
        if on < TWO_TIER_START:
            return self.district_chair, ConferringLevel.DISTRICT
        return self.commune_chair, ConferringLevel.COMMUNE

    def held(self, subject: Subject, year: int, code: str) -> bool:
        return code in self.awards_of[(subject.id, year)]

    def run_year(self, year: int) -> None:
        rng = self.rng
        for person in self.staff:
            if rng.random() < 0.02:
                level = DisciplineLevel.CANH_CAO if rng.random() < 0.3 else DisciplineLevel.KHIEN_TRACH
                decided_on = self.day(year, rng.randint(3, 9))
                self.disciplined[year][person.id] = level.value
                self.add(
                    Discipline(
                        person_id=person.id,
                        level=level.value,
                        decided_on=decided_on,
                        effective_until=decided_on + dt.timedelta(days=365),
                        decision_number=f"{rng.randint(5, 90)}/QĐ-UBND",
                        issuer=f"Chủ tịch UBND {self.place}",
                    ),
                    decided_on,
                )
        registered_ldtt, registered_cstdcs = [], set()
        for person in self.staff:
            if rng.random() < 0.95:
                self.register(person, year, "LDTT", RegistrationState.APPROVED.value)
                registered_ldtt.append(person)
                if rng.random() < 0.35:
                    self.register(person, year, "CSTDCS", RegistrationState.APPROVED.value)
                    registered_cstdcs.add(person.id)
        for person in self.staff:
            self.rate(person, year, (20, 65, 12, 3))
        with_initiative = set()
        for person in self.staff:
            if (
                person.id in registered_cstdcs
                and self.ratings[(person.id, year)] in GOOD_RATINGS
                and rng.random() < 0.6
            ):
                self.initiative(person, year, InitiativeScope.CO_SO)
                with_initiative.add(person.id)
        ldtt = [
            p
            for p in registered_ldtt
            if self.ratings[(p.id, year)] in GOOD_RATINGS and p.id not in self.disciplined[year]
        ]
        own_level_on = dt.date(year, 12, 20)
        proposal = self.propose(
            f"Đề nghị công nhận danh hiệu Lao động tiên tiến năm {year}",
            ProposalKind.REGULAR,
            year,
            ConferringLevel.COMMUNE,
            self.commune,
            [(p, "LDTT", "Hoàn thành tốt nhiệm vụ được giao") for p in ldtt],
            ProposalStatus.DECIDED,
            own_level_on - dt.timedelta(days=5),
        )
        self.decide(
            self.commune_chair,
            own_level_on,
            f"Về việc công nhận danh hiệu Lao động tiên tiến năm {year}",
            year,
            [(p, "LDTT", "Hoàn thành tốt nhiệm vụ") for p in ldtt],
            proposal,
        )

        quota = math.floor(CSTDCS_QUOTA * len(ldtt))
        candidates = [p for p in ldtt if p.id in with_initiative]
        candidates.sort(key=lambda p: (self.ratings[(p.id, year)] != Rating.HTXS.value, rng.random()))
        cstdcs = candidates[:quota]
        self.year_end_collectives(year, cstdcs)
        self.province_level(year)
        self.households_and_villages(year)
        self.ad_hoc(year)

    def year_end_collectives(self, year: int, cstdcs: list[Person]) -> None:
        rng = self.rng
        decided_on = dt.date(year + 1, 1, 15)
        issuer, level = self.commune_or_district(decided_on)
        ttldtt, ttldxs = [], []
        for agency in self.agencies:
            self.register(agency, year, "TTLDTT", RegistrationState.APPROVED.value)
            rating = self.rate(agency, year, (30, 60, 10, 0))
            members = self.agency_members[agency.id]
            if not members or rating not in GOOD_RATINGS:
                continue
            share = sum(self.held(m, year, "LDTT") for m in members) / len(members)
            barred = any(
                self.disciplined[year].get(m.id) not in (None, DisciplineLevel.KHIEN_TRACH.value)
                for m in members
            )
            all_good = all(self.ratings[(m.id, year)] in GOOD_RATINGS for m in members)
            if (
                rating == Rating.HTXS.value
                and all_good
                and share >= 0.7
                and any(m in cstdcs for m in members)
            ):
                ttldxs.append(agency)
            elif share > 0.5 and not barred:
                ttldtt.append(agency)
        self.pending_ttldxs = ttldxs
        villages = [v for v in self.village_collectives if rng.random() < 0.9]
        for village in villages:
            self.register(village, year, "THON_VH", RegistrationState.APPROVED.value)
        self.pending_villages = villages
        items = [
            (p, "CSTDCS", "Có sáng kiến được công nhận, hoàn thành xuất sắc nhiệm vụ") for p in cstdcs
        ] + [(a, "TTLDTT", "Tập thể hoàn thành tốt nhiệm vụ") for a in ttldtt]
        status = ProposalStatus.APPROVED if level is ConferringLevel.DISTRICT else ProposalStatus.DECIDED
        proposal = self.propose(
            f"Đề nghị xét tặng danh hiệu thi đua năm {year}",
            ProposalKind.REGULAR,
            year,
            level,
            issuer.unit,
            items,
            status,
            decided_on - dt.timedelta(days=10),
            secret_ballot=True,
        )
        self.decide(
            issuer, decided_on, f"Về việc công nhận danh hiệu thi đua năm {year}", year, items, proposal
        )

    def province_level(self, year: int) -> None:
        rng = self.rng
        items: list[tuple[Subject, str, str]] = []
        for person in self.staff:
            streak = [self.held(person, y, "CSTDCS") for y in (year - 2, year - 1, year)]
            since_cstd = self.last_cstd_tinh_year.get(person.id, 0)
            if all(streak) and year - 2 > since_cstd and rng.random() < 0.5:
                self.initiative(person, year, InitiativeScope.TINH)
                items.append(
                    (
                        person,
                        "CSTD_TINH",
                        "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở, có sáng kiến được áp dụng phạm vi tỉnh",
                    )
                )
                self.last_cstd_tinh_year[person.id] = year
                self.last_bk_year[person.id] = year
                continue
            since_bk = self.last_bk_year.get(person.id, 0)
            if streak[1] and streak[2] and year - 1 > since_bk and rng.random() < 0.6:
                items.append((person, "BK_TINH", "Hai năm liên tục đạt Chiến sĩ thi đua cơ sở"))
                self.last_bk_year[person.id] = year
        items.extend(
            (agency, "TTLDXS", "Tập thể hoàn thành xuất sắc nhiệm vụ") for agency in self.pending_ttldxs
        )
        if not items:
            return
        decided_on = dt.date(year + 1, 3, 10)
        proposal = self.propose(
            f"Đề nghị Chủ tịch UBND tỉnh khen thưởng năm {year}",
            ProposalKind.REGULAR,
            year,
            ConferringLevel.PROVINCE,
            self.province,
            items,
            ProposalStatus.APPROVED,
            decided_on - dt.timedelta(days=40),
            secret_ballot=True,
        )
        for code, summary, years in (
            ("CSTD_TINH", "tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", 3),
            ("BK_TINH", "tặng Bằng khen của Chủ tịch UBND tỉnh", 2),
            ("TTLDXS", "tặng danh hiệu Tập thể lao động xuất sắc", 1),
        ):
            period = (dt.date(year - years + 1, 1, 1), dt.date(year, 12, 31))
            self.decide(
                self.province_chair,
                decided_on,
                f"Về việc {summary} năm {year}",
                year,
                [item for item in items if item[1] == code],
                proposal,
                period,
            )

    def households_and_villages(self, year: int) -> None:
        rng = self.rng
        registered = [h for h in self.households if rng.random() < 0.9]
        for household in registered:
            self.register(household, year, "GDVH", RegistrationState.APPROVED.value)
        cultural = [h for h in registered if rng.random() < 0.85]
        decided_on = dt.date(year, 12, 5)
        items = [(h, "GDVH", "Đạt tiêu chuẩn Gia đình văn hóa") for h in cultural]
        proposal = self.propose(
            f"Đề nghị công nhận danh hiệu Gia đình văn hóa năm {year}",
            ProposalKind.REGULAR,
            year,
            ConferringLevel.COMMUNE,
            self.commune,
            items,
            ProposalStatus.DECIDED,
            dt.date(year, 11, 24),
            posting=True,
        )
        self.decide(
            self.commune_chair,
            decided_on,
            f"Về việc công nhận danh hiệu Gia đình văn hóa năm {year}",
            year,
            items,
            proposal,
        )
        cultural_ids = {h.id for h in cultural}
        villages = []
        for village in self.pending_villages:
            households = self.households_of_village[village.unit_id]
            if households and sum(h.id in cultural_ids for h in households) / len(households) >= 0.7:
                villages.append(village)
        decided_on = dt.date(year + 1, 1, 12)
        issuer, level = self.commune_or_district(decided_on)
        items = [(v, "THON_VH", "Đạt tiêu chuẩn Thôn, tổ dân phố văn hóa") for v in villages]
        status = ProposalStatus.APPROVED if level is ConferringLevel.DISTRICT else ProposalStatus.DECIDED
        proposal = self.propose(
            f"Đề nghị công nhận danh hiệu Thôn, tổ dân phố văn hóa năm {year}",
            ProposalKind.REGULAR,
            year,
            level,
            issuer.unit,
            items,
            status,
            dt.date(year, 12, 28),
            posting=True,
        )
        self.decide(
            issuer,
            decided_on,
            f"Về việc công nhận Thôn, tổ dân phố văn hóa năm {year}",
            year,
            items,
            proposal,
        )

    def ad_hoc(self, year: int) -> None:
        rng = self.rng
        for _deed in range(rng.randint(1, 2)):
            hero = rng.choice(self.villagers)
            what = rng.choice(GOOD_DEEDS)
            happened_on = self.day(year, rng.randint(2, 10))
            deed = self.add(
                GoodDeed(
                    person_id=hero.id,
                    who=hero.full_name,
                    what=what,
                    happened_on=happened_on,
                    place=self.rng.choice(self.villages).name,
                    source="Trưởng thôn báo cáo",
                ),
                happened_on,
            )
            if self.held(hero, year, "GK_XA") or rng.random() < 0.3:
                continue
            decided_on = happened_on + dt.timedelta(days=12)
            items = [(hero, "GK_XA", f"Có hành động dũng cảm, tốt đẹp: {what.lower()}")]
            proposal = self.propose(
                f"Đề nghị khen thưởng đột xuất {hero.full_name}",
                ProposalKind.SIMPLIFIED,
                year,
                ConferringLevel.COMMUNE,
                self.commune,
                items,
                ProposalStatus.DECIDED,
                happened_on + dt.timedelta(days=5),
            )
            self.decide(
                self.commune_chair,
                decided_on,
                "Về việc tặng Giấy khen đột xuất",
                year,
                items,
                proposal,
                (happened_on, happened_on),
            )
            deed.source = "Trưởng thôn báo cáo; đã khen thưởng đột xuất"

    # -- the present ---------------------------------------------------------------------------
    def current_year(self) -> None:
        registered = []
        for person in self.staff:
            if self.rng.random() < 0.95:
                self.register(person, CURRENT_YEAR, "LDTT", RegistrationState.APPROVED.value)
                registered.append(person)
        for household in self.households:
            if self.rng.random() < 0.9:
                self.register(household, CURRENT_YEAR, "GDVH", RegistrationState.PENDING.value)
        states = (
            (RegistrationState.APPROVED.value, None),
            (RegistrationState.PENDING.value, None),
            (RegistrationState.RETURNED.value, "Thiếu biên bản họp thôn"),
            (RegistrationState.NOT_SENT.value, None),
        )
        for index, village in enumerate(self.village_collectives):
            state, note = states[index % len(states)]
            registration = self.register(village, CURRENT_YEAR, "THON_VH", state, self.poverty, note)
            for target in self.poverty_targets[:2]:
                self.add(
                    RegistrationPledge(
                        registration_id=registration.id,
                        target_id=target.id,
                        value=target.target_value,
                    ),
                    dt.date(CURRENT_YEAR, 1, 20),
                )
        for agency in self.agencies:
            self.register(
                agency, CURRENT_YEAR, "TTLDTT", RegistrationState.NOT_SENT.value, self.office_culture
            )
        self.propose(
            f"Đề nghị công nhận danh hiệu Lao động tiên tiến năm {CURRENT_YEAR}",
            ProposalKind.REGULAR,
            CURRENT_YEAR,
            ConferringLevel.COMMUNE,
            self.commune,
            [(p, "LDTT", "") for p in registered[:12]],
            ProposalStatus.DRAFT,
            dt.date(CURRENT_YEAR, 11, 10),
        )

    def exemplary_models(self) -> None:
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        honoured = [
            p
            for p in self.staff
            if any(self.held(p, y, "CSTD_TINH") or self.held(p, y, "BK_TINH") for y in years)
        ]
        stages = list(ModelStage)
        subjects = [
            *zip(
                honoured,
                (
                    "Gương cán bộ tận tụy, gần dân",
                    "Mô hình phát triển kinh tế vườn đồi",
                    "Gương sáng dân vận khéo",
                ),
                strict=False,
            ),
            *zip(
                self.village_collectives,
                ("Thôn tự quản về an ninh trật tự", "Thôn chung sức làm đường giao thông nông thôn"),
                strict=False,
            ),
            *zip(
                self.households,
                ("Hộ nuôi bò sinh sản vươn lên thoát nghèo", "Hộ trồng chè Shan tuyết làm giàu"),
                strict=False,
            ),
        ]
        movements = (
            self.regular,
            self.ntm,
            self.poverty,
            self.office_culture,
            self.ntm,
            self.poverty,
            self.digital,
        )
        steps = (
            "Phát hiện qua kiểm tra, giám sát của Ban Thi đua",
            "Hỗ trợ vốn vay, tập huấn kỹ thuật; cán bộ xã theo dõi",
            "Viết bài tổng kết, biểu dương tại hội nghị sơ kết",
            "Tổ chức tham quan học tập; nhân rộng ra các thôn",
        )
        for index, (subject, title) in enumerate(subjects):
            discovered_on = dt.date(min(2019 + index, CURRENT_YEAR), 4, 15)
            reached = stages[: 1 + (len(stages) - 1 - index % len(stages))]
            model = self.add(
                ExemplaryModel(
                    title=title,
                    stage=reached[-1].value,
                    discovered_on=discovered_on,
                    movement_id=movements[index % len(movements)].id,
                    summary="Gương điển hình trong phong trào thi đua của xã",
                    **self.subject_fields(subject),
                ),
                discovered_on,
            )
            for stage_number, stage in enumerate(reached):
                on = min(discovered_on + dt.timedelta(days=180 * stage_number), dt.date(CURRENT_YEAR, 10, 30))
                self.add(
                    ExemplaryEvent(
                        model_id=model.id,
                        stage=stage.value,
                        happened_on=on,
                        notes=steps[stage_number],
                    ),
                    on,
                )


def build_demo(
    db: Database,
    username: str,
    seed: int = 1,
    persons: int = 300,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> DemoSummary:
    """Fill a freshly set-up commune database with demo data; one transaction, all or nothing."""
    if persons < 30:
        raise ValidationError("persons", _("A demo commune needs at least 30 people."))
    steps = LAST_YEAR - FIRST_YEAR + 3
    with db.transaction(username) as session:
        if session.scalar(select(func.count()).select_from(Person)):
            raise SoVangError(_("Demo data needs a database with no people recorded yet."))
        story = _Story(session, random.Random(seed), persons)
        story.build_places()
        story.build_people()
        story.build_movements()
        step(progress, cancel, 1, steps)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            story.run_year(year)
            session.flush()
            step(progress, cancel, 2 + year - FIRST_YEAR, steps)
        story.current_year()
        story.exemplary_models()
        session.flush()
        counts = story.summary_counts
        summary = DemoSummary(
            seed=seed,
            people=counts["Person"],
            collectives=counts["Collective"],
            decisions=counts["Decision"],
            awards=counts["Award"],
            proposals=counts["Proposal"],
        )
        audit.record(session, "demo.build", username, details=vars(summary))
        step(progress, cancel, steps, steps)
    return summary
