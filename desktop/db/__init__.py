"""Engine, migrations, backup and restore. No Qt."""

from desktop.db.database import Database

__all__ = ["Database"]
