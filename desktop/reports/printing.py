"""One entry point for every printed document: `sovang print KIND` and the app's preview both
call `render`, so the window and the command line print the same pages."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from desktop.db import Database
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.progress import Progress, step
from desktop.reports import (
    achievement,
    annual,
    certificates,
    decision,
    minutes,
    proposal,
    registrations,
    review,
)
from desktop.reports.kinds import LATEST, Selection
from desktop.reports.page import Target
from desktop.services import documents
from desktop.services.council import meeting_minutes
from desktop.services.movement_review import latest_movement, movement_review
from desktop.services.printer_offsets import printer_offsets
from desktop.services.statistics import annual_report


def _decision_id(db: Database, chosen: Selection) -> uuid.UUID:
    return chosen.id or documents.find_decision(db, chosen.number, chosen.year)


def _proposal_id(db: Database, chosen: Selection) -> uuid.UUID:
    return chosen.id or documents.find_proposal(db, chosen.year)


def render(
    db: Database,
    kind: str,
    target: Target,
    chosen: Selection = LATEST,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write the document to `target` (a path or a stream); returns its page or certificate count
    where that is known (certificates), else 1."""
    step(progress, cancel, 0, 1)
    if kind == "decision":
        decision.write_decision(documents.decision_document(db, _decision_id(db, chosen)), target)
    elif kind == "proposal":
        proposal.write_proposal(documents.proposal_document(db, _proposal_id(db, chosen)), target)
    elif kind == "public-list":
        proposal.write_public_list(documents.proposal_document(db, _proposal_id(db, chosen)), target)
    elif kind == "minutes":
        proposal_id = chosen.id or documents.find_proposal(db, chosen.year, reviewed=True)
        with db.session() as session:
            issuer = documents.issuer_of(db, session, None)
        minutes.write_minutes(meeting_minutes(db, proposal_id), issuer, target)
    elif kind == "achievement-report":
        if chosen.id is None:
            raise ValidationError("id", _("Give the id of the person or collective (--id)."))
        report = documents.achievement_document(db, chosen.id, chosen.award_code)
        achievement.write_achievement(report, target)
    elif kind == "registrations":
        registrations.write_registrations(documents.registration_document(db, chosen.year), target)
    elif kind == "certificates":
        doc = documents.decision_document(db, _decision_id(db, chosen))
        if not doc.lines:
            raise NotFoundError(_("This decision names nobody: there is no certificate to print."))
        offsets = printer_offsets(db, chosen.printer) if chosen.preprinted else certificates.NO_OFFSETS
        return certificates.write_certificates(doc, target, chosen.preprinted, offsets, progress, cancel)
    elif kind == "certificate-calibration":
        certificates.write_calibration_page(target, printer_offsets(db, chosen.printer))
    elif kind == "movement-review":
        review.write_review(movement_review(db, chosen.id or latest_movement(db)), target)
    elif kind == "annual-report":
        annual.write_annual(annual_report(db, chosen.year or dt.date.today().year), target)
    else:
        raise ValidationError("kind", _("Unknown document: {kind}.").format(kind=kind))
    step(progress, cancel, 1, 1)
    return 1
