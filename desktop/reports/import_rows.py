"""What one row of a commune spreadsheet means, for each kind of list the office imports: people,
collectives, and the award history (who got which award, by which decision).

Each reader knows the usual Vietnamese header spellings of its columns, turns a row into the
fields the services check (or says, per column, why it cannot), names the key that makes two
rows the same record, and finds the records already in the database. Villages and people a list
names that are not recorded yet are given their ids here and created with the rows, when the
officer agreed (`Options`). The file itself (format, header, mapping, preview, commit) is
`excel_import`'s concern.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import uuid
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import AwardSubject, CollectiveKind, ConferringLevel, UnitLevel
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Award, Collective, Decision, EthnicGroup, Person, Setting, Site
from desktop.reports.office_names import AwardNames, EthnicNames
from desktop.reports.table_layout import VILLAGE_WORDS, is_mark
from desktop.services import collectives, people
from desktop.services.documents import COLLECTIVE_KIND_TEXT
from desktop.services.imported_lists import AWARD_NAMES_SETTING, PastAward
from desktop.services.releases import catalog_in_force
from desktop.services.site import official_name
from desktop.services.statistics import OCCUPATION_TEXT
from desktop.text import nfc, search_key
from desktop.values import (
    blank,
    parse_birth,
    parse_day,
    parse_gender,
    parse_id_number,
    parse_year,
)

Problems = list[tuple[str, str]]
"""(field, reason) for each value of a row that cannot be used."""
NAME_BATCH = 500
DECISION_REFERENCE = re.compile(
    r"^(?:(?:quyet dinh|qd)\s*)?(?:so\s*)?[:.]?\s*(?P<number>\S+?)[,;]?\s+ngay\s+(?P<date>.+)$"
)
"""One cell holding a decision's number and date: "Số 45/QĐ-UBND ngày 12/12/2023"."""


@dataclass(frozen=True)
class Options:
    """What the officer agreed to create along with the rows."""

    add_villages: bool = False
    """Villages the list names that are not recorded."""
    add_people: bool = False
    """People an award list names who are not recorded (from its name, birth year, village)."""


class RowReader(Protocol):
    headers: dict[str, tuple[str, ...]]
    """Field → header spellings as search keys (no accents, lower case); the first is the field's name."""
    required: tuple[str, ...]
    villages: Villages

    def read(self, session: Session, values: dict[str, Any]) -> tuple[Any, Problems]: ...

    def key(self, record: Any) -> Hashable: ...

    def defaults(self, text: list[str]) -> dict[str, Any]: ...

    """What a document's own text says for every row (an award list's decision); {} for most."""

    def describe(self, record: Any) -> str: ...

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID | str]: ...

    """The records already there, by key; a text instead of an id says why the row clashes."""


def _texts(values: dict[str, Any]) -> dict[str, str]:
    return {name: nfc(str(value)).strip() for name, value in values.items() if not blank(value)}


def village_key(name: str) -> str:
    """A village's name without the word for its kind: "Thôn Nà Phặc" and "Nà Phặc" are one."""
    lower = nfc(name).lower()
    for word in VILLAGE_WORDS:
        if lower.startswith(word + " "):
            lower = lower[len(word) + 1 :]
            break
    return search_key(lower)


class Villages:
    """The commune's villages by name, written with or without "Thôn", "Bản" …; and those a list
    names that are not recorded, each given its id now and created with the rows when the
    officer agreed."""

    def __init__(self, session: Session, create: bool) -> None:
        self.create = create
        home = session.get(AdminUnit, session.scalars(select(Site.home_unit_id)).one())
        self.home_names = {search_key(home.name), search_key(official_name(home))} if home else set()
        """The commune itself, written where a village would be: no village in particular."""
        found = session.execute(
            select(AdminUnit.id, AdminUnit.name, AdminUnit.successor_id).where(
                AdminUnit.level == UnitLevel.VILLAGE.value, AdminUnit.deleted_at.is_(None)
            )
        ).all()
        self.successors = {village_id: successor for village_id, _name, successor in found if successor}
        """A merged village → the one it joined, where its people live now."""
        recorded = [(village_id, name) for village_id, name, _successor in found]
        short: dict[str, set[uuid.UUID]] = {}
        for village_id, name in recorded:
            short.setdefault(village_key(name), set()).add(village_id)
        self.known = {key: ids.pop() for key, ids in short.items() if len(ids) == 1}
        """By the name without its kind word when one village has it, and by the whole name."""
        self.known.update({search_key(name): village_id for village_id, name in recorded})
        self.new: dict[uuid.UUID, str] = {}
        """Villages to create: id → name as the list writes it."""
        self.unknown: dict[str, str] = {}
        """Every village the list names that is not recorded: key → name."""

    def find(self, text: str) -> tuple[uuid.UUID | None, str]:
        """The village's id (None for the commune as a whole), or why there is none."""
        if search_key(text) in self.home_names:
            return None, ""
        found = self.known.get(search_key(text)) or self.known.get(village_key(text))
        seen: set[uuid.UUID] = set()
        while found in self.successors and found not in seen:  # a merged village leads on
            seen.add(found)
            found = self.successors[found]
        if found is not None:
            return found, ""
        key = village_key(text)
        self.unknown.setdefault(key, nfc(text))
        if not self.create:
            return None, _("no village “{value}” is recorded").format(value=text)
        village_id = uuid.uuid4()
        self.known[key] = village_id
        self.new[village_id] = nfc(text)
        return village_id, ""


# People ---------------------------------------------------------------------------------------


VILLAGE_HEADERS = (
    "thon",
    "ban",
    "thon, ban",
    "thon, to dan pho",
    "to dan pho",
    "thon/ban",
    "dia chi",
    "noi o",
)
"""How offices head the column of the village a person lives in."""
GENDER_COLUMNS = {
    "male": ("nam sinh nam", "ngay sinh nam", "ngay thang nam sinh nam", "gioi tinh nam"),
    "female": ("nam sinh nu", "ngay sinh nu", "ngay thang nam sinh nu", "gioi tinh nu"),
}
"""The "Nam" and "Nữ" columns under a "Năm sinh" or "Giới tính" heading: a mark or a birth year."""


class PeopleRows:
    headers = {
        "full_name": ("ho va ten", "ho ten", "ho va ten nguoi", "ten", "ho, ten", "ho & ten"),
        "gender": ("gioi tinh", "gioi", "nam/nu", "nam nu"),
        "birth": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "ngay, thang, nam sinh"),
        "ethnicity": ("dan toc",),
        "id_number": ("cccd", "so cccd", "cmnd", "so cmnd", "so dinh danh", "can cuoc", "so cccd/cmnd"),
        "position": ("chuc vu", "chuc danh"),
        "workplace": ("don vi", "don vi cong tac", "noi cong tac", "co quan"),
        "village": VILLAGE_HEADERS,
        "hometown": ("que quan", "nguyen quan", "que"),
        "occupation": ("nghe nghiep", "nghe"),
        "male": GENDER_COLUMNS["male"] + ("nam",),
        "female": GENDER_COLUMNS["female"] + ("nu",),
        "notes": ("ghi chu",),
    }
    required = ("full_name",)

    def __init__(self, session: Session, options: Options) -> None:
        self.ethnic = EthnicNames(dict(session.execute(select(EthnicGroup.code, EthnicGroup.name)).all()))
        self.villages = Villages(session, options.add_villages)
        self.occupations = {search_key(text): code for code, text in OCCUPATION_TEXT.items()}

    def read(self, session: Session, values: dict[str, Any]) -> tuple[people.PersonFields | None, Problems]:
        problems: Problems = []
        text = _texts(values)
        fields = people.PersonFields(full_name=text.get("full_name", ""))
        if "gender" in text:
            try:
                fields.gender = parse_gender(text["gender"])
            except ValueError as error:
                problems.append(("gender", str(error)))
        try:
            fields.birth_date, fields.birth_year = parse_birth(values.get("birth"))
        except ValueError as error:
            problems.append(("birth", str(error)))
        if "ethnicity" in text:
            fields.ethnic_code = self.ethnic.code(text["ethnicity"])
            if fields.ethnic_code is None:
                problems.append(("ethnicity", self._unknown_ethnicity(text["ethnicity"])))
        village_id = None
        if "village" in text:
            village_id, problem = self.villages.find(text["village"])
            if problem:
                problems.append(("village", problem))
        if "occupation" in text:
            occupation = self.occupations.get(search_key(text["occupation"]))
            if occupation is None:
                problems.append(
                    ("occupation", _("unknown occupation “{value}”").format(value=text["occupation"]))
                )
            else:
                fields.occupation = occupation
        if "id_number" in values and not blank(values["id_number"]):
            try:
                fields.id_number = parse_id_number(values["id_number"])
            except ValueError as error:
                problems.append(("id_number", str(error)))
        for name in ("position", "workplace", "hometown", "notes"):
            setattr(fields, name, text.get(name))
        if problems:
            return None, problems
        try:
            checked = people.validate(session, fields, unique_id_number=False)
        except ValidationError as error:
            return None, [(PERSON_FIELD_COLUMNS.get(error.field, "full_name"), error.message)]
        checked.village_id = village_id
        return checked, []

    def _unknown_ethnicity(self, value: str) -> str:
        nearest = self.ethnic.nearest(value)
        if not nearest:
            return _("unknown ethnic group “{value}”").format(value=value)
        return _("unknown ethnic group “{value}”; did you mean {names}?").format(
            value=value, names=", ".join(nearest)
        )

    def defaults(self, text: list[str]) -> dict[str, Any]:
        return {}

    def key(self, record: people.PersonFields) -> Hashable:
        return (search_key(record.full_name), record.birth_year, record.id_number, record.village_id)

    def describe(self, record: people.PersonFields) -> str:
        return record.full_name

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID | str]:
        """Live people already there: the one with the same ID number (a different name there is
        a clash, not the same person), else the one with the same name and birth year, and the same
        village when both have one. A row without a birth year or ID number matches nobody."""
        by_id: dict[str, tuple[uuid.UUID, str, str]] = {}
        id_numbers = sorted({key[2] for key in keys if key[2]})  # type: ignore[index]
        for start in range(0, len(id_numbers), NAME_BATCH):
            for person_id, number, name_key, name in session.execute(
                select(Person.id, Person.id_number, Person.name_key, Person.full_name).where(
                    Person.id_number.in_(id_numbers[start : start + NAME_BATCH]),
                    Person.deleted_at.is_(None),
                )
            ):
                by_id[number] = (person_id, name_key, name)
        by_name: dict[tuple[str, int], list[tuple[uuid.UUID, uuid.UUID | None]]] = {}
        names = sorted({key[0] for key in keys if key[1] is not None})  # type: ignore[index]
        for start in range(0, len(names), NAME_BATCH):
            for name_key, year, village_id, person_id in session.execute(
                select(Person.name_key, Person.birth_year, Person.village_id, Person.id).where(
                    Person.name_key.in_(names[start : start + NAME_BATCH]), Person.deleted_at.is_(None)
                )
            ):
                by_name.setdefault((name_key, year), []).append((person_id, village_id))
        found: dict[Hashable, uuid.UUID | str] = {}
        for key in keys:
            name_key, year, id_number, village_id = key  # type: ignore[misc]
            if id_number in by_id:
                person_id, recorded_key, recorded_name = by_id[id_number]
                found[key] = (
                    person_id
                    if recorded_key == name_key
                    else _("this ID number is recorded for {name}").format(name=recorded_name)
                )
                continue
            same = [
                person_id
                for person_id, recorded_village in by_name.get((name_key, year), [])
                if village_id is None or recorded_village in (None, village_id)
            ]
            if same:
                found[key] = same[0]
        return found


PERSON_FIELD_COLUMNS = {
    "birth_date": "birth",
    "birth_year": "birth",
    "ethnic_code": "ethnicity",
    "village_id": "village",
    "id_number": "id_number",
    "gender": "gender",
}
"""The sheet column a person's field comes from (the others are read from the column of their name)."""


# Collectives ----------------------------------------------------------------------------------

KIND_WORDS = (
    (CollectiveKind.VILLAGE.value, ("thon", "ban", "xom", "to dan pho", "khu pho")),
    (CollectiveKind.SCHOOL.value, ("truong", "nha tre", "mam non")),
    (CollectiveKind.HOUSEHOLD.value, ("ho gia dinh", "gia dinh", "ho")),
    (CollectiveKind.COOPERATIVE.value, ("hop tac xa", "htx", "to hop tac")),
    (CollectiveKind.ENTERPRISE.value, ("cong ty", "doanh nghiep", "dn")),
    (
        CollectiveKind.ASSOCIATION.value,
        ("hoi", "chi hoi", "doan", "chi doan", "mat tran", "cau lac bo", "clb"),
    ),
)
"""First words that tell a collective's kind from its name or from a free-text kind column."""


def guess_collective_kind(text: str) -> str | None:
    """The kind a text names ("Hộ gia đình", "HTX", "Thôn Nà Lừa" …), or None if it names none."""
    key = search_key(text)
    for code, label in COLLECTIVE_KIND_TEXT.items():
        if key in (search_key(label), code):
            return code
    words = key.replace(",", " ").split()
    for code, starts in KIND_WORDS:
        for start in starts:
            if words[: len(start.split())] == start.split():
                return code
    return None


class CollectiveRows:
    headers = {
        "name": (
            "ten tap the",
            "tap the",
            "ten",
            "ten don vi",
            "ten co quan, don vi",
            "don vi",
            "ten ho gia dinh",
        ),
        "kind": ("loai", "loai tap the", "loai hinh", "phan loai"),
        "place": ("dia ban", "thon", "thon, ban", "thon, to dan pho", "dia chi", "noi o", "thuoc thon"),
        "notes": ("ghi chu",),
    }
    required = ("name",)

    def __init__(self, session: Session, options: Options) -> None:
        self.home = session.get(AdminUnit, session.scalars(select(Site.home_unit_id)).one())
        """A collective is placed in a village, or in the commune as a whole."""
        self.villages = Villages(session, options.add_villages)

    def read(
        self, session: Session, values: dict[str, Any]
    ) -> tuple[collectives.CollectiveFields | None, Problems]:
        text = _texts(values)
        name = text.get("name", "")
        problems: Problems = []
        if "kind" in text:
            kind = guess_collective_kind(text["kind"])
            if kind is None:
                problems.append(
                    ("kind", _("unknown kind of collective “{value}”").format(value=text["kind"]))
                )
        else:
            kind = guess_collective_kind(name) or CollectiveKind.AGENCY.value
        unit_id = None
        if "place" in text:
            unit_id, problem = self.villages.find(text["place"])
            if problem:
                problems.append(("place", problem))
            elif unit_id is None and self.home is not None:
                unit_id = self.home.id
        if problems or kind is None:
            return None, problems
        fields = collectives.CollectiveFields(name=name, kind=kind, unit_id=None, notes=text.get("notes"))
        try:
            checked = collectives.validate(session, fields)
        except ValidationError as error:
            return None, [("name", error.message)]
        checked.unit_id = unit_id
        return checked, []

    def defaults(self, text: list[str]) -> dict[str, Any]:
        return {}

    def key(self, record: collectives.CollectiveFields) -> Hashable:
        return search_key(record.name)

    def describe(self, record: collectives.CollectiveFields) -> str:
        return record.name

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID | str]:
        names = sorted(keys)  # type: ignore[type-var]
        found: dict[Hashable, uuid.UUID | str] = {}
        for start in range(0, len(names), NAME_BATCH):
            for name, collective_id in session.execute(
                select(Collective.name_key, Collective.id).where(
                    Collective.name_key.in_(names[start : start + NAME_BATCH]),
                    Collective.deleted_at.is_(None),
                )
            ):
                found.setdefault(name, collective_id)
        return found


# Award history --------------------------------------------------------------------------------

ISSUER_LEVEL = {
    ConferringLevel.COMMUNE.value: UnitLevel.COMMUNE.value,
    ConferringLevel.DISTRICT.value: UnitLevel.DISTRICT.value,
}
"""Where an award's decision is kept: by the commune or district that conferred it; awards of a
department, the province, the Government or the State are kept under the province, with the
real conferrer as the decision's authority."""


LEVEL_WORDS = (
    (UnitLevel.COMMUNE.value, ("xa", "phuong", "thi tran", "dac khu")),
    (UnitLevel.DISTRICT.value, ("huyen", "quan", "thi xa", "thanh pho")),
    (UnitLevel.PROVINCE.value, ("tinh",)),
)
"""The level an issuer column names ("UBND xã", "Huyện Bảo Lâm"): which Giấy khen a bare one is."""
GIAY_KHEN_LEVEL = {
    UnitLevel.COMMUNE.value: ConferringLevel.COMMUNE.value,
    UnitLevel.DISTRICT.value: ConferringLevel.DISTRICT.value,
    UnitLevel.PROVINCE.value: ConferringLevel.DEPARTMENT.value,
}


def _level_named(text: str) -> str | None:
    words = f" {search_key(text)} "
    for level, names in LEVEL_WORDS:
        if any(f" {name} " in words for name in names):
            return GIAY_KHEN_LEVEL[level]
    return None


def remembered_award_names(session: Session) -> dict[str, str]:
    """The award names officers mapped by hand in earlier imports: text → code."""
    row = session.get(Setting, AWARD_NAMES_SETTING)
    return dict(json.loads(row.value)) if row is not None else {}


def decision_reference(text: str) -> tuple[str, dt.date | None]:
    """ "Số 45/QĐ-UBND ngày 12/12/2023" → ("45/QĐ-UBND", 12/12/2023); a bare number → (it, None)."""
    match = DECISION_REFERENCE.match(search_key(text))
    if match is None:
        return text.strip(), None
    start, end = match.span("number")
    number = text[start:end]
    try:
        return number, parse_day(_written_date(text[match.start("date") :]))
    except ValueError:
        return text.strip(), None


WRITTEN_DATE = re.compile(r"(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(\d+\s*/\s*\S+)", re.IGNORECASE)
"""The number line under a decision's issuer: "Số: 25/QĐ-UBND"."""
ACHIEVEMENT_YEAR = re.compile(r"năm\s+(\d{4})")


def _written_date(text: str) -> str:
    """ "10 tháng 01 năm 2025" as "10/01/2025"; any other date as it is written."""
    text = text.strip().rstrip(".,;)")
    match = WRITTEN_DATE.search(text)
    return "/".join(match.groups()) if match else text


class AwardRows:
    headers = {
        "subject": (
            "ho va ten",
            "ho ten",
            "ten",
            "ca nhan, tap the",
            "ca nhan/tap the",
            "ten ca nhan, tap the",
            "ten tap the",
            "doi tuong",
            "ten ho gia dinh",
            "chu ho",
        ),
        "birth": ("ngay sinh", "nam sinh", "ngay thang nam sinh"),
        "male": GENDER_COLUMNS["male"],
        "female": GENDER_COLUMNS["female"],
        "village": VILLAGE_HEADERS,
        "award": (
            "danh hieu, hinh thuc",
            "danh hieu",
            "hinh thuc",
            "hinh thuc khen thuong",
            "danh hieu thi dua",
            "khen thuong",
        ),
        "year": ("nam", "nam khen thuong", "nam dat", "nam dat danh hieu"),
        "decision": (
            "so quyet dinh",
            "so qd",
            "quyet dinh so",
            "so, ky hieu",
            "so ky hieu",
            "quyet dinh",
            "so, ngay quyet dinh",
            "so, ngay qd",
        ),
        "signed_on": (
            "ngay ky",
            "ngay quyet dinh",
            "ngay ky quyet dinh",
            "ngay qd",
            "so, ngay quyet dinh",
            "so, ngay qd",
        ),
        "issuer": ("cap quyet dinh", "co quan quyet dinh", "cap khen", "don vi khen", "noi khen"),
        "achievement": ("thanh tich", "thanh tich dat duoc", "noi dung"),
        "golden_book": ("so so vang", "so vao so vang"),
        "revoked": ("da thu hoi", "thu hoi"),
    }
    required = ("subject", "award", "year", "decision", "signed_on")

    def __init__(self, session: Session, options: Options) -> None:
        self.catalog = catalog_in_force(session)
        site = session.scalars(select(Site)).one()
        chain: list[AdminUnit] = []
        unit = session.get(AdminUnit, site.home_unit_id)
        while unit is not None:
            chain.append(unit)
            unit = session.get(AdminUnit, unit.parent_id) if unit.parent_id else None
        own_level = GIAY_KHEN_LEVEL.get(chain[0].level, ConferringLevel.COMMUNE.value)
        self.names = AwardNames(self.catalog, own_level, remembered_award_names(session))
        self.unknown_awards: dict[str, str] = {}
        """Award names no catalog entry, other name or earlier mapping gives: key → as written."""
        self.villages = Villages(session, options.add_villages)
        self.add_people = options.add_people
        self.new_people: dict[
            tuple[str, int | None, uuid.UUID | None], tuple[uuid.UUID, people.PersonFields]
        ] = {}
        """People to create with the awards: (name key, birth year, village) → their id and fields."""
        self.unknown_people: dict[str, str] = {}
        """Every person the list names who is not recorded: name key → name."""
        districts = session.scalars(
            select(AdminUnit).where(
                AdminUnit.level == UnitLevel.DISTRICT.value, AdminUnit.deleted_at.is_(None)
            )
        ).all()
        self.issuers = {unit.id: unit for unit in (*chain, *districts)}
        """Who may have conferred this office's awards: its own unit, the units above, the districts."""
        self.decisions: dict[tuple[uuid.UUID, str, int], tuple[dt.date, str]] = {}
        """(issuer, number key, year) → (signing date, authority), of the database and earlier rows."""
        for decision in session.scalars(select(Decision).where(Decision.deleted_at.is_(None))):
            self.decisions.setdefault(
                (decision.issuer_unit_id, decision.number_key, decision.signed_on.year),
                (decision.signed_on, decision.authority),
            )

    def read(self, session: Session, values: dict[str, Any]) -> tuple[PastAward | None, Problems]:
        text = _texts(values)
        if "revoked" in text and is_mark(text["revoked"]):
            return None, [("revoked", _("this award was revoked: it is not recorded as held"))]
        problems: Problems = []
        written = text.get("award", "")
        code = self.names.code(written, _level_named(text.get("issuer", "")))
        if code is None:
            if written:
                self.unknown_awards.setdefault(search_key(written), written)
            problems.append(("award", _("unknown award “{value}”").format(value=written)))
        number, referenced_day = decision_reference(text.get("decision", ""))
        if referenced_day is not None and (
            blank(values.get("signed_on")) or values.get("signed_on") == values.get("decision")
        ):
            values = {**values, "signed_on": referenced_day}
        parsed: dict[str, Any] = {}
        for field, parse in (("year", parse_year), ("signed_on", parse_day), ("birth", parse_birth)):
            try:
                parsed[field] = parse(values.get(field))
            except ValueError as error:
                problems.append((field, str(error)))
        if not number:
            problems.append(("decision", _("the decision number is missing")))
        village_id = None
        if "village" in text:
            village_id, problem = self.villages.find(text["village"])
            if problem:
                problems.append(("village", problem))
        if problems or code is None:
            return None, problems
        signed_on: dt.date = parsed["signed_on"]
        entry = self.catalog.entry(code, signed_on)
        if entry is None:
            return None, [
                (
                    "award",
                    _("{award} was not conferred on {date}.").format(
                        award=self.catalog.name(code), date=signed_on.strftime("%d/%m/%Y")
                    ),
                )
            ]
        birth = parsed["birth"]
        subject, problem = self._subject(session, text.get("subject", ""), birth, village_id, entry.subject)
        if problem:
            return None, [("subject", problem)]
        issuer, problem = self._issuer(text.get("issuer", ""), entry.conferring_level)
        if problem:
            return None, [("issuer", problem)]
        assert subject is not None and issuer is not None
        key = (issuer.id, search_key(number), signed_on.year)
        known = self.decisions.setdefault(key, (signed_on, entry.conferrer))
        if known[0] != signed_on:
            return None, [
                (
                    "signed_on",
                    _("decision {number} of {unit} was signed on {date}").format(
                        number=number, unit=issuer.name, date=known[0].strftime("%d/%m/%Y")
                    ),
                )
            ]
        if known[1] != entry.conferrer:
            return None, [
                ("award", _("decision {number} confers awards of another authority").format(number=number))
            ]
        person_id, collective_id, name = subject
        return (
            PastAward(
                person_id,
                collective_id,
                name,
                code,
                parsed["year"],
                number,
                signed_on,
                issuer.id,
                entry.conferrer,
                text.get("achievement"),
                text.get("golden_book"),
            ),
            [],
        )

    def _subject(
        self,
        session: Session,
        name: str,
        birth: tuple[dt.date | None, int | None],
        village_id: uuid.UUID | None,
        subject_kind: str,
    ) -> tuple[tuple[uuid.UUID | None, uuid.UUID | None, str] | None, str]:
        """The one live person (or collective) of this name: namesakes told apart by birth year,
        then by village. A person not recorded is created when the officer agreed."""
        if not name:
            return None, _("the name is missing")
        key = search_key(name)
        birth_year = birth[1]
        if subject_kind != AwardSubject.COLLECTIVE:
            statement = select(Person.id, Person.full_name, Person.village_id).where(
                Person.name_key == key, Person.deleted_at.is_(None)
            )
            if birth_year is not None:
                statement = statement.where(Person.birth_year == birth_year)
            found = session.execute(statement).all()
            if len(found) > 1 and village_id is not None:
                found = [row for row in found if row[2] == village_id]
            if len(found) == 1:
                return (found[0][0], None, found[0][1]), ""
            if len(found) > 1:
                return None, _(
                    "several people are named “{name}”; add their year of birth or their village"
                ).format(name=name)
        if subject_kind != AwardSubject.INDIVIDUAL:
            rows = session.execute(
                select(Collective.id, Collective.name)
                .where(Collective.name_key == key, Collective.deleted_at.is_(None))
                .limit(2)
            ).all()
            if len(rows) == 1:
                return (None, rows[0][0], rows[0][1]), ""
            if len(rows) > 1:
                return None, _("several collectives are named “{name}”").format(name=name)
        if self._names_a_person(name, birth_year, subject_kind):
            self.unknown_people.setdefault(key, nfc(name))
        if self.add_people and key in self.unknown_people:
            try:
                return (self._new_person(session, name, birth, village_id), None, nfc(name)), ""
            except ValidationError as error:
                return None, error.message
        return None, _("“{name}” is not recorded: import or enter them first").format(name=name)

    @staticmethod
    def _names_a_person(name: str, birth_year: int | None, subject_kind: str) -> bool:
        """Whether a name not recorded is a person to create: the award goes to people and the row
        gives a birth year, or does not read as a collective ("Hộ ông …", "Thôn …", "HTX …")."""
        if subject_kind == AwardSubject.COLLECTIVE:
            return False
        return (
            subject_kind == AwardSubject.INDIVIDUAL
            or birth_year is not None
            or guess_collective_kind(name) is None
        )

    def _new_person(
        self,
        session: Session,
        name: str,
        birth: tuple[dt.date | None, int | None],
        village_id: uuid.UUID | None,
    ) -> uuid.UUID:
        """The id of a person the list names and nobody recorded: one per name, birth and village."""
        key = (search_key(name), birth[1], village_id)
        if key not in self.new_people:
            fields = people.validate(
                session, people.PersonFields(nfc(name), birth_date=birth[0], birth_year=birth[1])
            )
            fields.village_id = village_id
            self.new_people[key] = (uuid.uuid4(), fields)
        return self.new_people[key][0]

    def _issuer(self, text: str, conferring_level: str) -> tuple[AdminUnit | None, str]:
        """The unit whose decision this was: the one the text names, or the only one at the level."""
        level = ISSUER_LEVEL.get(conferring_level, UnitLevel.PROVINCE.value)
        candidates = [unit for unit in self.issuers.values() if unit.level == level]
        if text:
            key = search_key(text)
            named = [unit for unit in self.issuers.values() if search_key(unit.name) in key]
            if named:
                chosen = max(named, key=lambda unit: len(unit.name))
                if chosen.level != level:
                    return None, _("this award is not conferred by {unit}").format(unit=chosen.name)
                return chosen, ""
        if len(candidates) == 1:
            return candidates[0], ""
        return None, _("name the unit that signed the decision (“{value}” is not one)").format(value=text)

    def defaults(self, text: list[str]) -> dict[str, Any]:
        """From the decision a Word list belongs to: "Số: 25/QĐ-UBND", "ngày 10 tháng 01 năm
        2025", the award its title names when it names one, and the year of the achievement the
        title gives ("… năm 2024"), else the year it was signed."""
        found: dict[str, Any] = {}
        for line in text:
            if "decision" not in found and (number := DOCUMENT_NUMBER.search(line)):
                found["decision"] = number.group(1)
            if "signed_on" not in found and WRITTEN_DATE.search(line):
                with contextlib.suppress(ValueError):
                    found["signed_on"] = parse_day(_written_date(line))
        if "decision" not in found or "signed_on" not in found:
            return {}
        awards = set().union(*(self.names.named_in(line) for line in text))
        if len(awards) == 1:
            found["award"] = self.catalog.name(awards.pop())
        years = {
            int(year)
            for line in text
            for year in ACHIEVEMENT_YEAR.findall(WRITTEN_DATE.sub("", nfc(line).lower()))
        }
        found["year"] = years.pop() if len(years) == 1 else found["signed_on"].year
        return found

    def key(self, record: PastAward) -> Hashable:
        return (record.person_id, record.collective_id, record.award_code, record.year)

    def describe(self, record: PastAward) -> str:
        return f"{record.subject_name} — {self.catalog.name(record.award_code)} {record.year}"

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID | str]:
        """Awards already held: same person or collective, award and year, live and not revoked."""
        ids = list({key[0] or key[1] for key in keys})  # type: ignore[index]
        found: dict[Hashable, uuid.UUID | str] = {}
        for start in range(0, len(ids), NAME_BATCH):
            batch = ids[start : start + NAME_BATCH]
            rows = session.execute(
                select(Award.person_id, Award.collective_id, Award.award_code, Award.year, Award.id).where(
                    (Award.person_id.in_(batch) | Award.collective_id.in_(batch)),
                    Award.deleted_at.is_(None),
                    Award.revoked_by_decision_id.is_(None),
                )
            )
            for person_id, collective_id, code, year, award_id in rows:
                if (key := (person_id, collective_id, code, year)) in keys:
                    found.setdefault(key, award_id)
        return found


READERS: dict[str, type[PeopleRows] | type[CollectiveRows] | type[AwardRows]] = {
    "people": PeopleRows,
    "collectives": CollectiveRows,
    "awards": AwardRows,
}
"""What `sovang excel import KIND` and the import dialog can read."""


def reader_for(db: Database, kind: str, options: Options | None = None) -> RowReader:
    if kind not in READERS:
        raise ValidationError("kind", _("Unknown list to import: {kind}.").format(kind=kind))
    with db.session() as session:
        return READERS[kind](session, options or Options())
