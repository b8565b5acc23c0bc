"""Exemplary models (điển hình tiên tiến) through phát hiện → bồi dưỡng → tổng kết → nhân rộng.

A model moves one stage at a time, forward as it is nurtured, written up and replicated, or back
one stage when a move was a mistake (with the reason). Every move, visit, article or replication
action is a dated event, so the model's story can be told at the review. The awards shown with a
model are those its person or collective holds (not revoked).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import ModelStage
from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.labels import MODEL_STAGE, label
from desktop.models import (
    Award,
    Collective,
    Decision,
    ExemplaryEvent,
    ExemplaryModel,
    LinkedDocument,
    Movement,
    Person,
    utcnow,
)
from desktop.services import audit
from desktop.services.releases import catalog_in_force
from desktop.services.subjects import live_subject
from desktop.text import nfc

STAGES = tuple(stage.value for stage in ModelStage)
MAX_TITLE_LENGTH = 500


@dataclass
class ModelFields:
    subject_id: uuid.UUID
    """The person or collective held up as a model."""
    title: str
    discovered_on: dt.date
    movement_id: uuid.UUID | None = None
    summary: str | None = None


@dataclass(frozen=True)
class ModelCard:
    """A model as the board shows it."""

    id: uuid.UUID
    title: str
    subject_name: str
    stage: str
    since: dt.date
    """When it reached its present stage."""
    movement: str


@dataclass(frozen=True)
class ModelEvent:
    id: uuid.UUID
    stage: str
    happened_on: dt.date
    notes: str


@dataclass(frozen=True)
class LinkedAward:
    award_name: str
    year: int | None
    decision: str
    """Number and date of the decision, as an officer cites it."""


@dataclass(frozen=True)
class ModelDetail:
    card: ModelCard
    fields: ModelFields
    events: tuple[ModelEvent, ...]
    awards: tuple[LinkedAward, ...]


def _validate(session: Session, fields: ModelFields, today: dt.date) -> tuple[str, str | None]:
    title = nfc(fields.title or "").strip()
    if not title:
        raise ValidationError("title", _("The model needs a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError("title", _("The title is too long."))
    if fields.discovered_on > today:
        raise ValidationError(
            "discovered_on",
            _("The discovery date {day} is in the future.").format(day=format_date(fields.discovered_on)),
        )
    if fields.movement_id is not None:
        movement = session.get(Movement, fields.movement_id)
        if movement is None or movement.deleted_at is not None:
            raise ValidationError("movement_id", _("The movement does not exist or was deleted."))
    return title, nfc(fields.summary or "").strip() or None


def _live(session: Session, model_id: uuid.UUID) -> ExemplaryModel:
    model = session.get(ExemplaryModel, model_id)
    if model is None or model.deleted_at is not None:
        raise NotFoundError(_("The model does not exist or was deleted."))
    return model


def new_model(session: Session, username: str | None, fields: ModelFields, today: dt.date) -> ExemplaryModel:
    """A model at its first stage, with the event of its discovery, in the caller's transaction."""
    title, summary = _validate(session, fields, today)
    columns = live_subject(session, fields.subject_id).columns
    model = ExemplaryModel(
        title=title,
        stage=ModelStage.DISCOVERED.value,
        discovered_on=fields.discovered_on,
        movement_id=fields.movement_id,
        summary=summary,
        **columns,
    )
    session.add(model)
    session.flush()
    session.add(
        ExemplaryEvent(
            model_id=model.id,
            stage=ModelStage.DISCOVERED.value,
            happened_on=fields.discovered_on,
            notes=summary,
        )
    )
    audit.record(session, "model.create", username, "exemplary_model", model.id)
    return model


def create_model(db: Database, username: str | None, fields: ModelFields, today: dt.date) -> uuid.UUID:
    with db.transaction(username) as session:
        return new_model(session, username, fields, today).id


def update_model(
    db: Database, username: str | None, model_id: uuid.UUID, fields: ModelFields, today: dt.date
) -> None:
    with db.transaction(username) as session:
        model = _live(session, model_id)
        title, summary = _validate(session, fields, today)
        columns = live_subject(session, fields.subject_id).columns
        model.title, model.summary, model.movement_id = title, summary, fields.movement_id
        model.discovered_on = fields.discovered_on
        for column, value in columns.items():
            setattr(model, column, value)
        audit.record(session, "model.update", username, "exemplary_model", model.id)


def _last_event(session: Session, model_id: uuid.UUID) -> ExemplaryEvent | None:
    return session.scalars(
        select(ExemplaryEvent)
        .where(ExemplaryEvent.model_id == model_id, ExemplaryEvent.deleted_at.is_(None))
        .order_by(ExemplaryEvent.happened_on.desc(), ExemplaryEvent.created_at.desc())
        .limit(1)
    ).first()


def _check_day(session: Session, model: ExemplaryModel, on: dt.date, today: dt.date) -> None:
    if on > today:
        raise ValidationError(
            "happened_on", _("The date {day} is in the future.").format(day=format_date(on))
        )
    last = _last_event(session, model.id)
    earliest = last.happened_on if last else model.discovered_on
    if on < earliest:
        raise ValidationError(
            "happened_on",
            _("The date {day} is before the model's last step, on {last}.").format(
                day=format_date(on), last=format_date(earliest)
            ),
        )


def move_model(
    db: Database,
    username: str | None,
    model_id: uuid.UUID,
    stage: str,
    on: dt.date,
    today: dt.date,
    notes: str | None = None,
) -> None:
    """Move the model to the next stage, or back one stage with a reason; a stage is never skipped."""
    if stage not in STAGES:
        raise ValidationError("stage", _("Unknown code: {code}.").format(code=stage))
    notes = nfc(notes or "").strip() or None
    with db.transaction(username) as session:
        model = _live(session, model_id)
        now, wanted = STAGES.index(model.stage), STAGES.index(stage)
        if wanted == now:
            raise ValidationError(
                "stage",
                _("The model is already at the stage {stage}.").format(stage=label(MODEL_STAGE, stage)),
            )
        if abs(wanted - now) > 1:
            raise ValidationError(
                "stage",
                _("A model goes through the stages in order: from {now} it can move to {next} only.").format(
                    now=label(MODEL_STAGE, model.stage),
                    next=label(MODEL_STAGE, STAGES[now + (1 if wanted > now else -1)]),
                ),
            )
        if wanted < now and notes is None:
            raise ValidationError(
                "notes", _("Say why the model goes back to {stage}.").format(stage=label(MODEL_STAGE, stage))
            )
        _check_day(session, model, on, today)
        model.stage = stage
        session.add(ExemplaryEvent(model_id=model.id, stage=stage, happened_on=on, notes=notes))
        audit.record(session, "model.move", username, "exemplary_model", model.id, {"stage": stage})


def add_event(
    db: Database, username: str | None, model_id: uuid.UUID, on: dt.date, notes: str, today: dt.date
) -> uuid.UUID:
    """A step within the present stage: a visit, an article, a replication action."""
    notes = nfc(notes or "").strip()
    if not notes:
        raise ValidationError("notes", _("Say what happened."))
    with db.transaction(username) as session:
        model = _live(session, model_id)
        _check_day(session, model, on, today)
        event = ExemplaryEvent(model_id=model.id, stage=model.stage, happened_on=on, notes=notes)
        session.add(event)
        session.flush()
        audit.record(session, "model.event", username, "exemplary_model", model.id)
        return event.id


def delete_model(db: Database, username: str | None, model_id: uuid.UUID) -> None:
    with db.transaction(username) as session:
        model = _live(session, model_id)
        model.deleted_at = utcnow()
        for document in session.scalars(select(LinkedDocument).where(LinkedDocument.model_id == model_id)):
            document.deleted_at = model.deleted_at
        audit.record(session, "model.delete", username, "exemplary_model", model_id)


def _cards(session: Session, query) -> list[ModelCard]:
    rows = session.execute(
        query.add_columns(Person.full_name, Collective.name, Movement.name)
        .outerjoin(Person, Person.id == ExemplaryModel.person_id)
        .outerjoin(Collective, Collective.id == ExemplaryModel.collective_id)
        .outerjoin(Movement, Movement.id == ExemplaryModel.movement_id)
    ).all()
    # A model reached its present stage where the last run of events at one stage began.
    since: dict[uuid.UUID, dt.date] = {}
    last_stage: dict[uuid.UUID, str] = {}
    ids = [row[0].id for row in rows]
    for model_id, stage, happened_on in session.execute(
        select(ExemplaryEvent.model_id, ExemplaryEvent.stage, ExemplaryEvent.happened_on)
        .where(ExemplaryEvent.model_id.in_(ids), ExemplaryEvent.deleted_at.is_(None))
        .order_by(ExemplaryEvent.happened_on, ExemplaryEvent.created_at)
    ):
        if last_stage.get(model_id) != stage:
            since[model_id], last_stage[model_id] = happened_on, stage
    return [
        ModelCard(
            model.id,
            model.title,
            person or collective or "",
            model.stage,
            since.get(model.id, model.discovered_on),
            movement or "",
        )
        for model, person, collective, movement in rows
    ]


def board(db: Database, movement_id: uuid.UUID | None = None) -> dict[str, list[ModelCard]]:
    """Every live model by stage, in the order of the cycle; in a stage, the longest there first."""
    with db.session() as session:
        query = select(ExemplaryModel).where(ExemplaryModel.deleted_at.is_(None))
        if movement_id is not None:
            query = query.where(ExemplaryModel.movement_id == movement_id)
        cards = _cards(session, query)
    columns: dict[str, list[ModelCard]] = {stage: [] for stage in STAGES}
    for card in sorted(cards, key=lambda card: (card.since, card.title)):
        columns[card.stage].append(card)
    return columns


def model_detail(db: Database, model_id: uuid.UUID) -> ModelDetail:
    with db.session() as session:
        model = _live(session, model_id)
        (card,) = _cards(session, select(ExemplaryModel).where(ExemplaryModel.id == model_id))
        events = tuple(
            ModelEvent(event.id, event.stage, event.happened_on, event.notes or "")
            for event in session.scalars(
                select(ExemplaryEvent)
                .where(ExemplaryEvent.model_id == model_id, ExemplaryEvent.deleted_at.is_(None))
                .order_by(ExemplaryEvent.happened_on, ExemplaryEvent.created_at)
            )
        )
        subject = Award.person_id if model.person_id else Award.collective_id
        catalog = catalog_in_force(session)
        awards = tuple(
            LinkedAward(
                catalog.name(award.award_code),
                award.year,
                f"{number or ''} {format_date(signed_on) if signed_on else ''}".strip(),
            )
            for award, number, signed_on in session.execute(
                select(Award, Decision.number, Decision.signed_on)
                .join(Decision, Decision.id == Award.decision_id)
                .where(
                    subject == (model.person_id or model.collective_id),
                    Award.deleted_at.is_(None),
                    Award.revoked_on.is_(None),
                )
                .order_by(Decision.signed_on)
            )
        )
        fields = ModelFields(
            model.person_id or model.collective_id,  # type: ignore[arg-type]
            model.title,
            model.discovered_on,
            model.movement_id,
            model.summary,
        )
        return ModelDetail(card, fields, events, awards)
