"""Alembic environment: always run from `desktop.db.migrate` on a connection it passes in."""

from alembic import context

from desktop.db.migrate import include_name
from desktop.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
