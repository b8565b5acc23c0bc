"""This installation: its site identity, local accounts, settings and the audit trail."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.codes import Role, UserRole
from desktop.models.base import Base, one_of, utcnow


class Site(Base):
    """The one row that says who this installation is.

    `epoch` rises whenever the database is restored or copied, so two PCs never emit the same
    (site, epoch, sequence); `next_seq` numbers this site's writes.
    """

    __tablename__ = "site"
    __table_args__ = (one_of("role", Role),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    role: Mapped[str] = mapped_column(String(16))
    home_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("admin_unit.id"))
    epoch: Mapped[int] = mapped_column(Integer, default=1)
    next_seq: Mapped[int] = mapped_column(BigInteger, default=1)
    clock_ms: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    clock_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The hybrid logical clock: never behind any change written or received here."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    """A local account. Site-local: accounts never travel in sync bundles."""

    __tablename__ = "app_user"
    __table_args__ = (one_of("role", UserRole),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """Office settings that belong with the data (names on reports, province parameters)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One line of the audit trail; each hash covers the previous one, so edits show."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    record_type: Mapped[str | None] = mapped_column(String(64))
    record_id: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SiteKeys(Base):
    """This site's signing (Ed25519) and encryption (X25519) keys. The private halves are sealed
    with a key derived from the administrator's password (Argon2id), so a copied database file
    cannot sign or open bundles without it."""

    __tablename__ = "site_keys"

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), primary_key=True)
    signing_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    sealed_private: Mapped[bytes] = mapped_column(LargeBinary)
    """The two private keys, encrypted with XSalsa20-Poly1305 under the password-derived key."""
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    kdf_ops: Mapped[int] = mapped_column(Integer)
    kdf_mem: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PeerSite(Base):
    """A site this one exchanges bundles with, enrolled from its card; revoked ones stay listed."""

    __tablename__ = "peer_site"
    __table_args__ = (one_of("role", Role),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    """The peer's own site id, as on its card."""
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    """The peer's home unit (a district site's unit has no official code)."""
    unit_code: Mapped[str] = mapped_column(String(16))
    unit_name: Mapped[str] = mapped_column(String(200))
    signing_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    enrolled_by: Mapped[str | None] = mapped_column(String(64))
    vouched_by_site_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    """The peer whose bundle vouched for this card (a district for its communes, the office above
    for the sites above it); empty for a card enrolled here by hand. Shown beside the office, so a
    card the office would not expect stands out, to be revoked."""
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
