"""Opening the site's keys with the administrator's password, and renewing weak seals then.

The keys and every sealed backup copy open with that password, so a stolen stick can be attacked
offline. Seals made at an older, weaker Argon2id setting are renewed the first time the password
is given: the keys in the database, then each copy in the office's backup folder (which needs the
password to decrypt: an automatic backup, made without it, cannot).
"""

from __future__ import annotations

import logging

from desktop.db import Database
from desktop.errors import SoVangError
from desktop.services import auto_backup, sealed_backups, site_keys
from desktop.services.site_keys import SiteSecrets

log = logging.getLogger(__name__)


def open_keys(db: Database, password: str) -> SiteSecrets:
    """The site's keys, opened; seals weaker than today's renewed on the way (`renew`)."""
    secrets = site_keys.unlock(db, password)
    renew(db, password, secrets)
    return secrets


def renew(db: Database, password: str, secrets: SiteSecrets) -> int:
    """Seal again, at today's setting, the stored keys and the office's sealed copies that were
    sealed weaker; the number of copies written again. A copy that cannot be read or written
    (a stick gone, a damaged file) is left as it is: it loses nothing."""
    keys = site_keys.sealed_keys(db)
    if keys is None:
        return 0
    if site_keys.weaker_than_today(keys.kdf_ops, keys.kdf_mem):
        site_keys.seal_again(db, password, secrets)
        keys = site_keys.sealed_keys(db)
        assert keys is not None
    folder = auto_backup.office_folder(db)
    if folder is None or db.path is None:
        return 0
    renewed = 0
    for copy in auto_backup.backup_files(folder, db.path.stem):
        if not copy.sealed:
            continue
        try:
            renewed += sealed_backups.seal_again(copy.path, password, keys)
        except (OSError, SoVangError) as problem:
            log.warning("a sealed copy was not renewed: %s", type(problem).__name__)
    return renewed
