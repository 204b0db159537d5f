"""privacy retention

Retention of personal data: a hearing's retention date (set by the secretariat, else
HEARING_RETENTION_DAYS after the decision) and when its personal data was purged; a
user's inactivity warning and anonymisation.

Revision ID: a19e7d5c2b11
Revises: e13c5a7d9b06
Create Date: 2026-12-03 14:45:00.000000

"""

from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = "a19e7d5c2b11"
down_revision = "e13c5a7d9b06"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("personal_data_purged_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("inactivity_warned_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("inactivity_warned_at")
    with op.batch_alter_table("hearings", schema=None) as batch_op:
        batch_op.drop_column("personal_data_purged_at")
        batch_op.drop_column("retention_until")
