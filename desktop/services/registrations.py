"""Yearly emulation registrations (đăng ký thi đua): who pursues which title, and their path upward.

A unit registers its people, collectives and households at the start of the year and sends the
consolidated list up: chưa gửi → chờ duyệt → đã duyệt, or trả lại with a reason and sent again
once corrected. Without a registration a title is not considered (domain.md §6.2), so the
eligibility rules read these records.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop.codes import AwardSubject, CollectiveKind, RegistrationState, SubjectKind
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.labels import REGISTRATION_STATE, label
from desktop.models import (
    AdminUnit,
    Collective,
    CollectiveMember,
    Movement,
    MovementTarget,
    Person,
    Registration,
    RegistrationPledge,
    utcnow,
)
from desktop.rules.catalog import Catalog
from desktop.services import audit
from desktop.services.releases import catalog_in_force
from desktop.services.subjects import LiveSubject, live_subject
from desktop.text import nfc, search_key

MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    "send": (
        (RegistrationState.NOT_SENT.value, RegistrationState.RETURNED.value),
        RegistrationState.PENDING.value,
    ),
    "approve": ((RegistrationState.PENDING.value,), RegistrationState.APPROVED.value),
    "return": ((RegistrationState.PENDING.value,), RegistrationState.RETURNED.value),
}
"""Each move: the states it starts from, and the state it leads to."""
MOVE_TEXT = {"send": N_("sent up"), "approve": N_("approved"), "return": N_("returned")}
EDITABLE = (RegistrationState.NOT_SENT.value, RegistrationState.RETURNED.value)


@dataclass
class RegistrationFields:
    subject_id: uuid.UUID
    """A person, or a collective or household."""
    year: int
    award_code: str
    movement_id: uuid.UUID | None = None
    note: str | None = None
    pledges: dict[uuid.UUID, Decimal | None] = field(default_factory=dict)
    """Target id → the value pledged (None: the movement's own target value)."""


@dataclass(frozen=True)
class RegistrationRow:
    id: uuid.UUID
    subject_kind: str
    subject_id: uuid.UUID
    subject_name: str
    place: str
    award_code: str
    award_name: str
    movement_id: uuid.UUID | None
    movement: str
    state: str
    registered_on: dt.date | None
    note: str

    @property
    def state_text(self) -> str:
        return label(REGISTRATION_STATE, self.state)


@dataclass(frozen=True)
class BulkResult:
    created: int
    already: tuple[str, ...]
    """Names of those already registered for the title that year, left as they were."""


@dataclass(frozen=True)
class Registrant:
    """Someone a bulk registration may take: a person, collective or household."""

    id: uuid.UUID
    kind: str
    name: str


def registrable_titles(catalog: Catalog, subject_kind: str) -> list[tuple[str, str]]:
    """(code, name) of the titles (danh hiệu) a subject of this kind can register for."""
    codes = catalog.codes_where(form="title", subject=AwardSubject.of(subject_kind))
    return sorted(((code, catalog.name(code)) for code in codes), key=lambda choice: choice[1])


def subject_kind(db: Database, subject_id: uuid.UUID) -> str:
    """ "person", "collective" or "household": which titles the subject may register for."""
    with db.session() as session:
        return live_subject(session, subject_id).kind


def _check_title(catalog: Catalog, kind: str, name: str, award_code: str) -> None:
    if award_code not in {code for code, _name in registrable_titles(catalog, kind)}:
        raise ValidationError(
            "award_code",
            _("{name} cannot register for {award}: registration is for a title given to them.").format(
                name=name, award=catalog.name(award_code)
            ),
        )


def _check_year(year: int) -> None:
    if not 1945 <= year <= 2200:
        raise ValidationError("year", _("The year {year} is not a valid year.").format(year=year))


def _add(
    session: Session,
    catalog: Catalog,
    subject: LiveSubject,
    year: int,
    award_code: str,
    movement_id: uuid.UUID | None,
    today: dt.date,
    note: str | None = None,
) -> Registration | None:
    """A new registration (chưa gửi) of `subject`; None when it already has one for the title that year."""
    _check_title(catalog, subject.kind, subject.name, award_code)
    column = Registration.person_id if subject.kind == SubjectKind.PERSON else Registration.collective_id
    existing = session.scalar(
        select(Registration.id).where(
            column == subject.id,
            Registration.year == year,
            Registration.award_code == award_code,
            Registration.deleted_at.is_(None),
        )
    )
    if existing is not None:
        return None
    registration = Registration(
        year=year,
        award_code=award_code,
        movement_id=movement_id,
        state=RegistrationState.NOT_SENT.value,
        registered_on=today,
        note=nfc(note or "").strip() or None,
        **subject.columns,
    )
    session.add(registration)
    return registration


def _movement(session: Session, movement_id: uuid.UUID | None) -> Movement | None:
    if movement_id is None:
        return None
    movement = session.get(Movement, movement_id)
    if movement is None or movement.deleted_at is not None:
        raise ValidationError("movement_id", _("The movement does not exist or was deleted."))
    return movement


def _set_pledges(
    session: Session,
    registration: Registration,
    movement: Movement | None,
    pledges: dict[uuid.UUID, Decimal | None],
) -> None:
    for pledge in session.scalars(
        select(RegistrationPledge).where(
            RegistrationPledge.registration_id == registration.id, RegistrationPledge.deleted_at.is_(None)
        )
    ):
        pledge.deleted_at = utcnow()
    for target_id, value in pledges.items():
        target = session.get(MovementTarget, target_id)
        if (
            target is None
            or target.deleted_at is not None
            or movement is None
            or target.movement_id != movement.id
        ):
            raise ValidationError("pledges", _("A pledged target is not one of the movement's targets."))
        session.add(
            RegistrationPledge(
                registration_id=registration.id,
                target_id=target_id,
                value=value if value is not None else target.target_value,
            )
        )


def register(db: Database, username: str | None, fields: RegistrationFields, today: dt.date) -> uuid.UUID:
    """Record one registration (chưa gửi); the same title twice in a year is refused."""
    _check_year(fields.year)
    with db.transaction(username) as session:
        subject = live_subject(session, fields.subject_id)
        movement = _movement(session, fields.movement_id)
        catalog = catalog_in_force(session)
        registration = _add(
            session, catalog, subject, fields.year, fields.award_code, fields.movement_id, today, fields.note
        )
        if registration is None:
            raise ValidationError(
                "award_code",
                _("{name} has already registered for {award} in {year}.").format(
                    name=subject.name,
                    award=catalog.name(fields.award_code),
                    year=fields.year,
                ),
            )
        session.flush()
        _set_pledges(session, registration, movement, fields.pledges)
        audit.record(session, "registration.create", username, "registration", registration.id)
        return registration.id


def update_registration(
    db: Database, username: str | None, registration_id: uuid.UUID, fields: RegistrationFields
) -> None:
    """Correct a registration not sent yet, or returned: its movement, note and pledges."""
    with db.transaction(username) as session:
        registration = _live(session, registration_id)
        if registration.state not in EDITABLE:
            raise ValidationError(
                "state",
                _("A registration that is {state} cannot be changed.").format(
                    state=label(REGISTRATION_STATE, registration.state).lower()
                ),
            )
        movement = _movement(session, fields.movement_id)
        registration.movement_id = fields.movement_id
        registration.note = nfc(fields.note or "").strip() or None
        _set_pledges(session, registration, movement, fields.pledges)
        audit.record(session, "registration.update", username, "registration", registration.id)


def register_many(
    db: Database,
    username: str | None,
    subject_ids: Iterable[uuid.UUID],
    year: int,
    award_code: str,
    today: dt.date,
    movement_id: uuid.UUID | None = None,
) -> BulkResult:
    """Register a whole list (a village's households, a unit's staff) in one transaction.

    Those already registered for the title that year are left alone and named in the result;
    anyone who cannot hold the title stops the whole list, so nothing is half-registered."""
    _check_year(year)
    created, already = 0, []
    with db.transaction(username) as session:
        _movement(session, movement_id)
        catalog = catalog_in_force(session)
        for subject_id in subject_ids:
            subject = live_subject(session, subject_id)
            if _add(session, catalog, subject, year, award_code, movement_id, today) is None:
                already.append(subject.name)
            else:
                created += 1
        audit.record(
            session,
            "registration.bulk",
            username,
            details={"year": year, "award": award_code, "created": created, "already": len(already)},
        )
    return BulkResult(created, tuple(already))


def _live(session: Session, registration_id: uuid.UUID) -> Registration:
    registration = session.get(Registration, registration_id)
    if registration is None or registration.deleted_at is not None:
        raise NotFoundError(_("The registration does not exist or was deleted."))
    return registration


def move_registrations(
    db: Database,
    username: str | None,
    registration_ids: Iterable[uuid.UUID],
    move: str,
    reason: str | None = None,
) -> int:
    """Send, approve or return registrations, all or none; returns how many moved.

    A return needs its reason, which the unit reads to correct and send again."""
    starts, to_state = MOVES[move]
    reason = nfc(reason or "").strip() or None
    if move == "return" and reason is None:
        raise ValidationError("reason", _("Say why the registrations are returned."))
    moved = 0
    with db.transaction(username) as session:
        for registration_id in registration_ids:
            registration = _live(session, registration_id)
            if registration.state not in starts:
                name = live_subject(session, registration.person_id or registration.collective_id).name
                raise ValidationError(
                    "state",
                    _("The registration of {name} for {award} is {state}: it cannot be {move}.").format(
                        name=name,
                        award=catalog_in_force(session).name(registration.award_code),
                        state=label(REGISTRATION_STATE, registration.state).lower(),
                        move=_(MOVE_TEXT[move]),
                    ),
                )
            registration.state = to_state
            if move == "return":
                registration.note = reason
            moved += 1
            audit.record(session, f"registration.{move}", username, "registration", registration.id)
    return moved


def withdraw(db: Database, username: str | None, registration_id: uuid.UUID) -> None:
    """Remove a registration entered by mistake, before it has been sent."""
    with db.transaction(username) as session:
        registration = _live(session, registration_id)
        if registration.state not in EDITABLE:
            raise ValidationError(
                "state", _("A registration already sent up cannot be removed; ask for it to be returned.")
            )
        registration.deleted_at = utcnow()
        audit.record(session, "registration.withdraw", username, "registration", registration_id)


def registrations(
    db: Database,
    year: int,
    movement_id: uuid.UUID | None = None,
    state: str | None = None,
    text: str = "",
) -> list[RegistrationRow]:
    """The year's registrations under a filter, by place then name: the consolidated list."""
    village, collective_place = aliased(AdminUnit), aliased(AdminUnit)
    with db.session() as session:
        query = (
            select(
                Registration,
                Person.full_name,
                Person.name_key,
                Collective.name,
                Collective.name_key,
                Collective.kind,
                func.coalesce(village.name, collective_place.name),
                Movement.name,
            )
            .outerjoin(Person, Person.id == Registration.person_id)
            .outerjoin(Collective, Collective.id == Registration.collective_id)
            .outerjoin(village, village.id == Person.village_id)
            .outerjoin(collective_place, collective_place.id == Collective.unit_id)
            .outerjoin(Movement, Movement.id == Registration.movement_id)
            .where(Registration.year == year, Registration.deleted_at.is_(None))
        )
        if movement_id is not None:
            query = query.where(Registration.movement_id == movement_id)
        if state:
            query = query.where(Registration.state == state)
        key = search_key(text)
        catalog = catalog_in_force(session)
        rows = []
        for (
            registration,
            person,
            person_key,
            collective,
            collective_key,
            kind,
            place,
            movement,
        ) in session.execute(query):
            if key and key not in (person_key or collective_key or ""):
                continue
            rows.append(
                RegistrationRow(
                    registration.id,
                    SubjectKind.PERSON if person else SubjectKind.of_collective(kind),
                    registration.person_id or registration.collective_id,
                    person or collective or "",
                    place or "",
                    registration.award_code,
                    catalog.name(registration.award_code),
                    registration.movement_id,
                    movement or "",
                    registration.state,
                    registration.registered_on,
                    registration.note or "",
                )
            )
    return sorted(rows, key=lambda row: (row.award_name, search_key(row.place), search_key(row.subject_name)))


def pledges_of(db: Database, registration_id: uuid.UUID) -> dict[uuid.UUID, Decimal | None]:
    with db.session() as session:
        return dict(
            session.execute(
                select(RegistrationPledge.target_id, RegistrationPledge.value).where(
                    RegistrationPledge.registration_id == registration_id,
                    RegistrationPledge.deleted_at.is_(None),
                )
            ).all()
        )


def registrants(
    db: Database,
    village_id: uuid.UUID | None = None,
    collective_id: uuid.UUID | None = None,
    kind: str = "household",
) -> list[Registrant]:
    """Who a bulk registration takes: a village's households or residents, or a collective's members."""
    with db.session() as session:
        if collective_id is not None:
            query = (
                select(Person.id, Person.full_name)
                .join(CollectiveMember, CollectiveMember.person_id == Person.id)
                .where(
                    CollectiveMember.collective_id == collective_id,
                    CollectiveMember.left_on.is_(None),
                    CollectiveMember.deleted_at.is_(None),
                    Person.deleted_at.is_(None),
                )
                .order_by(Person.name_key)
            )
            return [Registrant(pid, SubjectKind.PERSON, name) for pid, name in session.execute(query)]
        if kind == "person":
            query = (
                select(Person.id, Person.full_name)
                .where(Person.deleted_at.is_(None))
                .order_by(Person.name_key)
            )
            if village_id is not None:
                query = query.where(Person.village_id == village_id)
            return [Registrant(pid, SubjectKind.PERSON, name) for pid, name in session.execute(query)]
        households = kind == "household"
        query = (
            select(Collective.id, Collective.name)
            .where(
                Collective.deleted_at.is_(None),
                (Collective.kind == CollectiveKind.HOUSEHOLD.value)
                if households
                else (Collective.kind != CollectiveKind.HOUSEHOLD.value),
            )
            .order_by(Collective.name_key)
        )
        if village_id is not None:
            query = query.where(Collective.unit_id == village_id)
        return [Registrant(cid, kind, name) for cid, name in session.execute(query)]
