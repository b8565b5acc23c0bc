"""This site's keys: Ed25519 to sign what it sends, X25519 to open what is sent to it.

The public halves are stored in clear (they go on the site's card). The private halves are sealed
with a key derived from an administrator's password by Argon2id, so the database file alone —
a copied file, a lost backup — cannot sign or decrypt bundles. The password is checked against
the administrator's account before anything is sealed with it, so a typo cannot lock the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from nacl import pwhash, secret, utils
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import UserRole
from desktop.db import Database
from desktop.errors import SoVangError, ValidationError
from desktop.i18n import _
from desktop.models import Site, SiteKeys, User
from desktop.services import audit
from desktop.services.accounts import password_matches

KDF = pwhash.argon2id
KDF_OPS, KDF_MEM = KDF.OPSLIMIT_INTERACTIVE, KDF.MEMLIMIT_INTERACTIVE
"""64 MB and a fraction of a second on a modest PC: paid once per sync, not per record."""


class KeysLocked(SoVangError):
    """The password does not open this site's private keys."""


@dataclass(frozen=True)
class PublicKeys:
    signing: bytes
    encryption: bytes


@dataclass(frozen=True)
class SiteSecrets:
    """The opened private keys, held in memory only for the export or import that needs them."""

    signing: SigningKey
    encryption: PrivateKey


def _box(password: str, salt: bytes, ops: int, mem: int) -> secret.SecretBox:
    key = KDF.kdf(secret.SecretBox.KEY_SIZE, password.encode("utf-8"), salt, opslimit=ops, memlimit=mem)
    return secret.SecretBox(key)


def _check_administrator(session: Session, username: str, password: str) -> None:
    user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
    if (
        user is None
        or not user.active
        or user.role != UserRole.ADMIN.value
        or not password_matches(user.password_hash, password)
    ):
        raise ValidationError(
            "password", _("Only an administrator's own password can protect the site's keys.")
        )


def create_keys(session: Session, username: str, password: str) -> PublicKeys:
    """Make this site's key pairs in the caller's transaction; refused if it already has them."""
    site = session.scalars(select(Site)).one()
    if session.get(SiteKeys, site.id) is not None:
        raise ValidationError("keys", _("This site already has its keys."))
    _check_administrator(session, username, password)
    signing, encryption = SigningKey.generate(), PrivateKey.generate()
    salt = utils.random(KDF.SALTBYTES)
    sealed = _box(password, salt, KDF_OPS, KDF_MEM).encrypt(bytes(signing) + bytes(encryption))
    keys = SiteKeys(
        site_id=site.id,
        signing_public=bytes(signing.verify_key),
        encryption_public=bytes(encryption.public_key),
        sealed_private=bytes(sealed),
        kdf_salt=salt,
        kdf_ops=KDF_OPS,
        kdf_mem=KDF_MEM,
    )
    session.add(keys)
    audit.record(session, "sync.keys_create", username, "site", site.id)
    return PublicKeys(keys.signing_public, keys.encryption_public)


def ensure_keys(db: Database, username: str, password: str) -> PublicKeys:
    """The site's public keys, made now if this database predates them."""
    with db.transaction(username) as session:
        site = session.scalars(select(Site)).one()
        keys = session.get(SiteKeys, site.id)
        if keys is not None:
            return PublicKeys(keys.signing_public, keys.encryption_public)
        return create_keys(session, username, password)


def public_keys(db: Database) -> PublicKeys | None:
    with db.session() as session:
        keys = session.scalars(select(SiteKeys)).first()
        return PublicKeys(keys.signing_public, keys.encryption_public) if keys else None


@dataclass(frozen=True)
class SealedKeys:
    """The stored keys as they are at rest: what the password opens. A sealed backup carries
    them, so it opens with the password even when the database is gone."""

    signing_public: bytes
    encryption_public: bytes
    sealed_private: bytes
    kdf_salt: bytes
    kdf_ops: int
    kdf_mem: int


def sealed_keys(db: Database) -> SealedKeys | None:
    with db.session() as session:
        keys = session.scalars(select(SiteKeys)).first()
        if keys is None:
            return None
        return SealedKeys(
            keys.signing_public,
            keys.encryption_public,
            keys.sealed_private,
            keys.kdf_salt,
            keys.kdf_ops,
            keys.kdf_mem,
        )


def unlock(db: Database, password: str) -> SiteSecrets:
    """Open the private keys with the password they were sealed under."""
    keys = sealed_keys(db)
    if keys is None:
        raise KeysLocked(_("This site has no keys yet: write its card first (sovang sync card)."))
    return open_keys(keys, password)


def open_keys(keys: SealedKeys, password: str) -> SiteSecrets:
    """KeysLocked when the password is not the one they were sealed under."""
    try:
        opened = _box(password, keys.kdf_salt, keys.kdf_ops, keys.kdf_mem).decrypt(keys.sealed_private)
    except CryptoError:
        raise KeysLocked(_("The password does not open this site's keys.")) from None
    signing, encryption = SigningKey(opened[:32]), PrivateKey(opened[32:])
    if (
        bytes(signing.verify_key) != keys.signing_public
        or bytes(encryption.public_key) != keys.encryption_public
    ):
        raise KeysLocked(_("The site's stored keys do not match each other; restore a backup."))
    return SiteSecrets(signing, encryption)
