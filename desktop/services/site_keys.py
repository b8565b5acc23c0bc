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
KDF_OPS, KDF_MEM = KDF.OPSLIMIT_MODERATE, KDF.MEMLIMIT_MODERATE
"""libsodium's "moderate": 256 MB and under a second on a modest PC, paid once per sync or backup
opened. The keys and every sealed backup can be attacked offline with a list of likely passwords;
at the "interactive" setting (64 MB) a 42-word list took 6 s."""


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
    keys = SiteKeys(
        site_id=site.id,
        signing_public=bytes(signing.verify_key),
        encryption_public=bytes(encryption.public_key),
    )
    _seal(keys, password, SiteSecrets(signing, encryption))
    session.add(keys)
    audit.record(session, "sync.keys_create", username, "site", site.id)
    audit.sign_head(session, signing)
    return PublicKeys(keys.signing_public, keys.encryption_public)


def _seal(keys: SiteKeys, password: str, secrets: SiteSecrets) -> None:
    """Seal the private halves under the password at today's strength, with a fresh salt."""
    salt = utils.random(KDF.SALTBYTES)
    sealed = _box(password, salt, KDF_OPS, KDF_MEM).encrypt(
        bytes(secrets.signing) + bytes(secrets.encryption)
    )
    keys.sealed_private, keys.kdf_salt, keys.kdf_ops, keys.kdf_mem = bytes(sealed), salt, KDF_OPS, KDF_MEM


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


def weaker_than_today(ops: int, mem: int) -> bool:
    """Whether a seal made at this Argon2id setting is weaker than the one used now."""
    return ops < KDF_OPS or mem < KDF_MEM


def seal_again(db: Database, password: str, secrets: SiteSecrets) -> None:
    """Seal the stored keys again at today's setting (they were sealed weaker)."""
    with db.application_transaction() as session:
        stored = session.scalars(select(SiteKeys)).one()
        _seal(stored, password, secrets)
        audit.record(session, "sync.keys_resealed", None, "site", stored.site_id, {"ops": KDF_OPS})


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
