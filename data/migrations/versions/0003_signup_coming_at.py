"""a reminder's "I'll be there" is kept on the seat

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import data.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signup") as batch:
        batch.add_column(
            sa.Column("coming_at", data.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("signup") as batch:
        batch.drop_column("coming_at")
