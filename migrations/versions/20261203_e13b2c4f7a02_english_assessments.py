"""english assessments

An optional English version of the administration's assessment of a focus area.

Revision ID: e13b2c4f7a02
Revises: e13b1a9e5d01
Create Date: 2026-12-03 08:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e13b2c4f7a02"
down_revision = "e13b1a9e5d01"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_en", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("text_en")
