"""english indicator texts

Optional English versions of an indicator's definition and data source and of a success
criterion's text; English pages show them, and the Danish text marked "only in Danish"
where they are empty.

Revision ID: e13b1a9e5d01
Revises: c0f1d7e4a9b3
Create Date: 2026-12-03 08:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e13b1a9e5d01"
down_revision = "c0f1d7e4a9b3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("definition_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("data_source_en", sa.String(length=300), nullable=True))
    with op.batch_alter_table("success_criteria", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_en", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("success_criteria", schema=None) as batch_op:
        batch_op.drop_column("text_en")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("data_source_en")
        batch_op.drop_column("definition_en")
