"""indicator metadata

Each indicator of a catalogue version says how often it is measured (every half-year,
annually in one named half-year, or irregularly), where its series breaks (one
``2008-H2: what changed`` per line), its limitations, a contact and when its description
was last updated. Existing indicators are half-yearly with nothing else recorded.

Revision ID: a13d7f2e6b15
Revises: 8d4f0b52e3c9
Create Date: 2026-12-03 08:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a13d7f2e6b15"
down_revision = "8d4f0b52e3c9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "frequency", sa.String(length=20), nullable=False, server_default="half_yearly"
            )
        )
        batch_op.add_column(sa.Column("measured_half", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("data_breaks", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("limitations", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("contact", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("last_updated", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_indicators_frequency"),
            "frequency IN ('half_yearly', 'annual', 'irregular')",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_indicators_measured_half_iff_annual"),
            "(frequency = 'annual') = (measured_half IS NOT NULL)"
            " AND (measured_half IS NULL OR measured_half IN (1, 2))",
        )


def downgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_indicators_measured_half_iff_annual"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_indicators_frequency"), type_="check")
        batch_op.drop_column("last_updated")
        batch_op.drop_column("contact")
        batch_op.drop_column("limitations")
        batch_op.drop_column("data_breaks")
        batch_op.drop_column("measured_half")
        batch_op.drop_column("frequency")
