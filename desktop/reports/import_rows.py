"""What one row of a commune spreadsheet means, for each kind of list the office imports: people,
collectives, and the award history (who got which award, by which decision).

Each reader knows the usual Vietnamese header spellings of its columns, turns a row into the
fields the services check (or says, per column, why it cannot), names the key that makes two
rows the same record, finds the records already in the database, and saves new ones. The sheet
itself (header row, encoding, mapping, preview, commit) is `excel_import`'s concern.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Hashable
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import AwardSubject, CollectiveKind, ConferringLevel, UnitLevel
from desktop.db import Database
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import AdminUnit, Award, Collective, Decision, EthnicGroup, Person, Site
from desktop.rules.catalog import Catalog
from desktop.services import collectives, people
from desktop.services.documents import COLLECTIVE_KIND_TEXT
from desktop.services.imported_lists import PastAward
from desktop.services.releases import catalog_in_force
from desktop.services.statistics import OCCUPATION_TEXT
from desktop.text import nfc, search_key
from desktop.values import blank, parse_birth, parse_day, parse_gender, parse_year

Problems = list[tuple[str, str]]
"""(field, reason) for each value of a row that cannot be used."""
NAME_BATCH = 500
"""The trích yếu of a decision known only from an old ledger row."""


class RowReader(Protocol):
    headers: dict[str, tuple[str, ...]]
    """Field → header spellings as search keys (no accents, lower case); the first is the field's name."""
    required: tuple[str, ...]

    def read(self, session: Session, values: dict[str, Any]) -> tuple[Any, Problems]: ...

    def key(self, record: Any) -> Hashable: ...

    def describe(self, record: Any) -> str: ...

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID]: ...


def _texts(values: dict[str, Any]) -> dict[str, str]:
    return {name: nfc(str(value)).strip() for name, value in values.items() if not blank(value)}


def _keyed(session: Session, statement: Any) -> dict[str, Any]:
    return {search_key(name): value for value, name in session.execute(statement)}


def _villages(session: Session) -> dict[str, uuid.UUID]:
    return _keyed(
        session,
        select(AdminUnit.id, AdminUnit.name).where(
            AdminUnit.level == UnitLevel.VILLAGE.value, AdminUnit.deleted_at.is_(None)
        ),
    )


# People ---------------------------------------------------------------------------------------


class PeopleRows:
    headers = {
        "full_name": ("ho va ten", "ho ten", "ho va ten nguoi", "ten", "ho, ten", "ho & ten"),
        "gender": ("gioi tinh", "gioi", "nam/nu", "nam nu"),
        "birth": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "ngay, thang, nam sinh"),
        "ethnicity": ("dan toc",),
        "id_number": ("cccd", "so cccd", "cmnd", "so cmnd", "so dinh danh", "can cuoc", "so cccd/cmnd"),
        "position": ("chuc vu", "chuc danh"),
        "workplace": ("don vi", "don vi cong tac", "noi cong tac", "co quan"),
        "village": (
            "thon",
            "ban",
            "thon, ban",
            "thon, to dan pho",
            "to dan pho",
            "thon/ban",
            "dia chi",
            "noi o",
        ),
        "hometown": ("que quan",),
        "occupation": ("nghe nghiep", "nghe"),
    }
    required = ("full_name",)

    def __init__(self, session: Session) -> None:
        self.ethnic = _keyed(session, select(EthnicGroup.code, EthnicGroup.name))
        self.villages = _villages(session)
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
            fields.ethnic_code = self.ethnic.get(search_key(text["ethnicity"]))
            if fields.ethnic_code is None:
                problems.append(
                    ("ethnicity", _("unknown ethnic group “{value}”").format(value=text["ethnicity"]))
                )
        if "village" in text:
            fields.village_id = self.villages.get(search_key(text["village"]))
            if fields.village_id is None:
                problems.append(
                    ("village", _("no village “{value}” is recorded").format(value=text["village"]))
                )
        if "occupation" in text:
            occupation = self.occupations.get(search_key(text["occupation"]))
            if occupation is None:
                problems.append(
                    ("occupation", _("unknown occupation “{value}”").format(value=text["occupation"]))
                )
            else:
                fields.occupation = occupation
        if "id_number" in text:
            fields.id_number = text["id_number"].replace(" ", "").removesuffix(".0")
        for name in ("position", "workplace", "hometown"):
            setattr(fields, name, text.get(name))
        if problems:
            return None, problems
        try:
            return people.validate(session, fields), []
        except ValidationError as error:
            return None, [(_PERSON_FIELD_COLUMNS.get(error.field, "full_name"), error.message)]

    def key(self, record: people.PersonFields) -> Hashable:
        return (search_key(record.full_name), record.birth_year)

    def describe(self, record: people.PersonFields) -> str:
        return record.full_name

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID]:
        """Live people with the same name key and birth year (rows without a year match nobody)."""
        names = sorted({name for name, year in keys if year is not None})  # type: ignore[misc]
        found: dict[Hashable, uuid.UUID] = {}
        for start in range(0, len(names), NAME_BATCH):
            rows = session.execute(
                select(Person.name_key, Person.birth_year, Person.id).where(
                    Person.name_key.in_(names[start : start + NAME_BATCH]), Person.deleted_at.is_(None)
                )
            )
            for name, year, person_id in rows:
                if (name, year) in keys:
                    found.setdefault((name, year), person_id)
        return found


_PERSON_FIELD_COLUMNS = {
    "birth_date": "birth",
    "birth_year": "birth",
    "ethnic_code": "ethnicity",
    "village_id": "village",
    "id_number": "id_number",
    "gender": "gender",
}
"""The sheet column a service's refusal is about."""


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

    def __init__(self, session: Session) -> None:
        home = session.get(AdminUnit, session.scalars(select(Site.home_unit_id)).one())
        self.places = _villages(session)
        """A collective is placed in a village, or in the commune as a whole."""
        if home is not None:
            self.places[search_key(home.name)] = home.id

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
            unit_id = self.places.get(search_key(text["place"]))
            if unit_id is None:
                problems.append(("place", _("no village “{value}” is recorded").format(value=text["place"])))
        if problems or kind is None:
            return None, problems
        fields = collectives.CollectiveFields(name=name, kind=kind, unit_id=unit_id, notes=text.get("notes"))
        try:
            return collectives.validate(session, fields), []
        except ValidationError as error:
            return None, [("name", error.message)]

    def key(self, record: collectives.CollectiveFields) -> Hashable:
        return search_key(record.name)

    def describe(self, record: collectives.CollectiveFields) -> str:
        return record.name

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID]:
        names = sorted(keys)  # type: ignore[type-var]
        found: dict[Hashable, uuid.UUID] = {}
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


def _award_codes(catalog: Catalog) -> dict[str, str]:
    """Award names, codes and initials ("LĐTT", "CSTĐCS") as search keys → code; initials that two
    awards share are left out, so they are never guessed."""
    codes: dict[str, str] = {}
    initials: dict[str, set[str]] = {}
    for entry in catalog.entries:
        codes[search_key(entry.name)] = entry.code
        codes[search_key(entry.code)] = entry.code
        letters = "".join(word[0] for word in search_key(entry.name).replace(",", " ").split())
        initials.setdefault(letters, set()).add(entry.code)
    for letters, found in initials.items():
        if len(found) == 1:
            codes.setdefault(letters, found.pop())
    return codes


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
        ),
        "birth": ("ngay sinh", "nam sinh", "ngay thang nam sinh"),
        "award": (
            "danh hieu, hinh thuc",
            "danh hieu",
            "hinh thuc",
            "hinh thuc khen thuong",
            "danh hieu thi dua",
            "khen thuong",
        ),
        "year": ("nam", "nam khen thuong", "nam dat", "nam dat danh hieu"),
        "decision": ("so quyet dinh", "so qd", "quyet dinh so", "so, ky hieu", "so ky hieu"),
        "signed_on": ("ngay ky", "ngay quyet dinh", "ngay ky quyet dinh", "ngay qd"),
        "issuer": ("cap quyet dinh", "co quan quyet dinh", "cap khen", "don vi khen", "noi khen"),
        "achievement": ("thanh tich", "thanh tich dat duoc", "noi dung"),
        "golden_book": ("so so vang", "so vao so vang"),
    }
    required = ("subject", "award", "year", "decision", "signed_on")

    def __init__(self, session: Session) -> None:
        self.catalog = catalog_in_force(session)
        self.codes = _award_codes(self.catalog)
        site = session.scalars(select(Site)).one()
        chain: list[AdminUnit] = []
        unit = session.get(AdminUnit, site.home_unit_id)
        while unit is not None:
            chain.append(unit)
            unit = session.get(AdminUnit, unit.parent_id) if unit.parent_id else None
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
        problems: Problems = []
        code = self.codes.get(search_key(text.get("award", "")))
        if code is None:
            problems.append(("award", _("unknown award “{value}”").format(value=text.get("award", ""))))
        parsed: dict[str, Any] = {}
        for field, parse in (("year", parse_year), ("signed_on", parse_day), ("birth", parse_birth)):
            try:
                parsed[field] = parse(values.get(field))
            except ValueError as error:
                problems.append((field, str(error)))
        number = text.get("decision", "")
        if not number:
            problems.append(("decision", _("the decision number is missing")))
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
        subject, problem = self._subject(session, text.get("subject", ""), parsed["birth"][1], entry.subject)
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
        self, session: Session, name: str, birth_year: int | None, subject_kind: str
    ) -> tuple[tuple[uuid.UUID | None, uuid.UUID | None, str] | None, str]:
        """The one live person (or collective) of this name; a birth year tells namesakes apart."""
        if not name:
            return None, _("the name is missing")
        key = search_key(name)
        if subject_kind != AwardSubject.COLLECTIVE:
            statement = select(Person.id, Person.full_name).where(
                Person.name_key == key, Person.deleted_at.is_(None)
            )
            if birth_year is not None:
                statement = statement.where(Person.birth_year == birth_year)
            found = session.execute(statement.limit(2)).all()
            if len(found) == 1:
                return (found[0][0], None, found[0][1]), ""
            if len(found) > 1:
                return None, _("several people are named “{name}”; add their year of birth").format(name=name)
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
        return None, _("“{name}” is not recorded: import or enter them first").format(name=name)

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

    def key(self, record: PastAward) -> Hashable:
        return (record.person_id, record.collective_id, record.award_code, record.year)

    def describe(self, record: PastAward) -> str:
        return f"{record.subject_name} — {self.catalog.name(record.award_code)} {record.year}"

    def recorded(self, session: Session, keys: set[Hashable]) -> dict[Hashable, uuid.UUID]:
        """Awards already held: same person or collective, award and year, live and not revoked."""
        ids = list({key[0] or key[1] for key in keys})  # type: ignore[index]
        found: dict[Hashable, uuid.UUID] = {}
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


def reader_for(db: Database, kind: str) -> RowReader:
    if kind not in READERS:
        raise ValidationError("kind", _("Unknown list to import: {kind}.").format(kind=kind))
    with db.session() as session:
        return READERS[kind](session)
