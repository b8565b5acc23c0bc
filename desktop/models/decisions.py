"""Award decisions (quyết định) and the awards they grant, with revocation."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import DecisionKind, DecisionStatus, SignMode
from desktop.models.base import (
    Base,
    SubjectMixin,
    SyncedRecord,
    exactly_one_subject,
    live_index,
    one_of,
)
from desktop.models.proposals import Proposal
from desktop.models.reference import AdminUnit


class Decision(SyncedRecord, Base):
    """A decision as signed: number, date, issuing unit, conferring authority and signer.

    Decisions of former districts stay valid precedents: `issuer_unit_id` points at the historical
    unit even after it ceased to exist.
    """

    __tablename__ = "decision"
    __table_args__ = (
        one_of("kind", DecisionKind),
        one_of("status", DecisionStatus),
        one_of("sign_mode", SignMode),
        CheckConstraint("length(number) > 0", name="number"),
        Index("ix_decision_signed_on", "signed_on"),
    )

    number: Mapped[str] = mapped_column(String(64))
    number_key: Mapped[str] = mapped_column(String(64), index=True)
    name_key: Mapped[str] = mapped_column(String(600))
    """Search key of the number and summary together: what the name search matches."""
    signed_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default=DecisionKind.AWARD.value)
    status: Mapped[str] = mapped_column(String(16), default=DecisionStatus.ISSUED.value)
    issuer_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    authority: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    sign_mode: Mapped[str] = mapped_column(String(8), default=SignMode.OWN.value)
    summary: Mapped[str] = mapped_column(String(500))
    legal_basis: Mapped[str | None] = mapped_column(Text)
    """The "Căn cứ …" lines, one per line, as printed above the articles."""
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    revokes_decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision.id"))

    issuer_unit: Mapped[AdminUnit] = relationship(foreign_keys=[issuer_unit_id])
    proposal: Mapped[Proposal | None] = relationship()
    awards: Mapped[list[Award]] = relationship(back_populates="decision", foreign_keys="Award.decision_id")


class Award(SubjectMixin, SyncedRecord, Base):
    """One title or commendation granted by a decision to one person or collective.

    Revoked awards keep their row and name the revoking decision (Law ch. VII): history is never
    rewritten.
    """

    __tablename__ = "award"
    __table_args__ = (
        exactly_one_subject(),
        CheckConstraint("year IS NULL OR year BETWEEN 1945 AND 2200", name="year"),
        CheckConstraint("reward_amount IS NULL OR reward_amount >= 0", name="reward_amount"),
        Index("ix_award_code_year", "award_code", "year"),
        live_index("ix_award_live_year", "year"),
    )

    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision.id"), index=True)
    award_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer)
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_to: Mapped[dt.date | None] = mapped_column(Date)
    achievement: Mapped[str | None] = mapped_column(Text)
    reward_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 0))
    golden_book_number: Mapped[str | None] = mapped_column(String(32))
    revoked_by_decision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("decision.id"))
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    revocation_reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="awards", foreign_keys=[decision_id])
