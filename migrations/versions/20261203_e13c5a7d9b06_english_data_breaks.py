"""english data breaks

An optional English text of an indicator's data breaks, written like the Danish one
(one "2009-H2: what changed" per line). English pages show it, and the Danish text marked
"only in Danish" where it is empty.

Revision ID: e13c5a7d9b06
Revises: e13b4f1a2b04
Create Date: 2026-12-03 14:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e13c5a7d9b06"
down_revision = "e13b4f1a2b04"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_breaks_en", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("data_breaks_en")
