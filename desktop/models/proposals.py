"""Award proposals (đề nghị) with their items, dossier documents and council review."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.codes import (
    ConferringLevel,
    DossierKind,
    ItemStatus,
    ProposalKind,
    ProposalStatus,
)
from desktop.models.base import (
    Base,
    SubjectMixin,
    SyncedRecord,
    exactly_one_subject,
    one_of,
    utcnow,
)
from desktop.models.movements import Movement
from desktop.models.reference import AdminUnit


class Proposal(SyncedRecord, Base):
    """A proposal for awards, addressed to the own chairman or to an upper level.

    A submitted proposal is locked; a change makes a new revision pointing at the previous one.
    """

    __tablename__ = "proposal"
    __table_args__ = (
        one_of("kind", ProposalKind),
        one_of("status", ProposalStatus),
        one_of("to_level", ConferringLevel),
        CheckConstraint("revision >= 1", name="revision"),
        CheckConstraint(
            "posting_to IS NULL OR posting_from IS NULL OR posting_to >= posting_from",
            name="posting_period",
        ),
    )

    number: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16))
    movement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("movement.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_to: Mapped[dt.date | None] = mapped_column(Date)
    to_level: Mapped[str] = mapped_column(String(16))
    to_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"))
    from_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("admin_unit.id"), index=True)
    """The unit that proposes: this site's own unit, or a commune whose proposal was received."""
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.DRAFT.value, index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_revision_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"))
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(Text)
    appraisal_note: Mapped[str | None] = mapped_column(Text)
    posting_place: Mapped[str | None] = mapped_column(String(300))
    posting_from: Mapped[dt.date | None] = mapped_column(Date)
    posting_to: Mapped[dt.date | None] = mapped_column(Date)
    posting_comments: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[ProposalItem]] = relationship(
        back_populates="proposal", order_by="ProposalItem.position"
    )
    documents: Mapped[list[DossierDocument]] = relationship(back_populates="proposal")
    movement: Mapped[Movement | None] = relationship()
    to_unit: Mapped[AdminUnit | None] = relationship(foreign_keys=[to_unit_id])
    from_unit: Mapped[AdminUnit | None] = relationship(foreign_keys=[from_unit_id])
    meetings: Mapped[list[CouncilMeeting]] = relationship(back_populates="proposal")


class ProposalItem(SubjectMixin, SyncedRecord, Base):
    """One nominee and the award proposed for them."""

    __tablename__ = "proposal_item"
    __table_args__ = (exactly_one_subject(), one_of("status", ItemStatus))

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    award_code: Mapped[str] = mapped_column(String(32))
    achievement: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.PROPOSED.value)
    override_reason: Mapped[str | None] = mapped_column(Text)
    """Why the item goes ahead although a rule of the law fails (required in that case)."""

    proposal: Mapped[Proposal] = relationship(back_populates="items")


class Attachment(Base):
    """A file stored once under its SHA-256: identical on every site, so never re-sent."""

    __tablename__ = "attachment"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    """Kept in the database, so a backup or a copy of the file carries the dossier with it."""


class DossierDocument(SyncedRecord, Base):
    """A document of a proposal's dossier (Law Art. 84): tờ trình, báo cáo, biên bản …"""

    __tablename__ = "dossier_document"
    __table_args__ = (one_of("kind", DossierKind),)

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    item_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal_item.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str | None] = mapped_column(String(300))
    attachment_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment.sha256"))

    proposal: Mapped[Proposal] = relationship(back_populates="documents")
    item: Mapped[ProposalItem | None] = relationship()


class CouncilMeeting(SyncedRecord, Base):
    """A meeting of the emulation council (Hội đồng TĐKT) that reviewed a proposal."""

    __tablename__ = "council_meeting"
    __table_args__ = (
        CheckConstraint(
            "members_present IS NULL OR members_total IS NULL OR members_present <= members_total",
            name="attendance",
        ),
    )

    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    chaired_by: Mapped[str | None] = mapped_column(String(200))
    members_total: Mapped[int | None] = mapped_column(Integer)
    members_present: Mapped[int | None] = mapped_column(Integer)
    secret_ballot: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="meetings")
    votes: Mapped[list[CouncilVote]] = relationship(back_populates="meeting")


class CouncilVote(SyncedRecord, Base):
    """The vote on one proposal item at a council meeting."""

    __tablename__ = "council_vote"
    __table_args__ = (CheckConstraint("votes_for >= 0 AND votes_for <= votes_cast", name="votes"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("council_meeting.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposal_item.id"), index=True)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_cast: Mapped[int] = mapped_column(Integer)

    meeting: Mapped[CouncilMeeting] = relationship(back_populates="votes")
    item: Mapped[ProposalItem] = relationship()
