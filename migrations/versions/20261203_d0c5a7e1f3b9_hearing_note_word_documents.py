"""hearing note word documents

Each stored version of the hearing note keeps its Word document (.docx) beside its PDF:
the secretariat's full one, and for the final note of a public hearing the public one.

Revision ID: d0c5a7e1f3b9
Revises: 5b7e19c4d2a8
Create Date: 2026-12-03 14:45:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d0c5a7e1f3b9"
down_revision = "5b7e19c4d2a8"
branch_labels = None
depends_on = None

COLUMNS = ("full_docx_stored_name", "full_docx_sha256", "docx_stored_name", "docx_sha256")


def upgrade():
    with op.batch_alter_table("hearing_notes", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("hearing_notes", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
