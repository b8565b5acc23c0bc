"""Who an award, registration, model or deed is about: a live person, collective or household."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.codes import SubjectKind
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models import Collective, Person


@dataclass(frozen=True)
class LiveSubject:
    id: uuid.UUID
    kind: SubjectKind
    """Which awards and titles it can hold."""
    name: str

    @property
    def columns(self) -> dict[str, uuid.UUID | None]:
        """The subject columns of a record about it: exactly one of them is set."""
        is_person = self.kind == SubjectKind.PERSON
        return {"person_id": self.id if is_person else None, "collective_id": None if is_person else self.id}


def live_subject(session: Session, subject_id: uuid.UUID) -> LiveSubject:
    """The person or collective with this id; a ValidationError when none is recorded (or it was deleted)."""
    person = session.get(Person, subject_id)
    if person is not None and person.deleted_at is None:
        return LiveSubject(subject_id, SubjectKind.PERSON, person.full_name)
    collective = session.get(Collective, subject_id)
    if collective is not None and collective.deleted_at is None:
        return LiveSubject(subject_id, SubjectKind.of_collective(collective.kind), collective.name)
    raise ValidationError("subject_id", _("The person or collective does not exist or was deleted."))
