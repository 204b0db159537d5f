"""english catalogue and value texts

Optional English versions of the remaining texts users enter: a policy's name, a catalogue
version's label, a focus area's description, an indicator's notes and limitations, and a
measurement's note and source. English pages show them, and the Danish text marked "only
in Danish" where they are empty.

Revision ID: e13b4f1a2b04
Revises: f17c4a2b9d10
Create Date: 2026-12-03 11:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e13b4f1a2b04"
down_revision = "f17c4a2b9d10"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=200), nullable=True))
    with op.batch_alter_table("catalogue_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label_en", sa.String(length=200), nullable=True))
    with op.batch_alter_table("focus_areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description_en", sa.Text(), nullable=True))
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("limitations_en", sa.Text(), nullable=True))
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_en", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("source_en", sa.String(length=300), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_column("source_en")
        batch_op.drop_column("note_en")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("limitations_en")
        batch_op.drop_column("notes_en")
    with op.batch_alter_table("focus_areas", schema=None) as batch_op:
        batch_op.drop_column("description_en")
    with op.batch_alter_table("catalogue_versions", schema=None) as batch_op:
        batch_op.drop_column("label_en")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.drop_column("name_en")
