"""english correction reason

An optional English version of why a correcting edition corrects the one before it.

Revision ID: e13b3d6a8c03
Revises: e13b2c4f7a02
Create Date: 2026-12-03 08:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e13b3d6a8c03"
down_revision = "e13b2c4f7a02"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("correction_reason_en", sa.Text(), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.drop_column("correction_reason_en")
