"""comparison series

Reference series of an indicator (the national level, other municipalities, a group of
municipalities) with values per half-year: shown beside the indicator, never coloured
or counted.

Revision ID: c5e7a2d40b18
Revises: 5b0c7a9e2d16
Create Date: 2026-12-03 19:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5e7a2d40b18"
down_revision = "5b0c7a9e2d16"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "comparison_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=20), nullable=False),
        sa.Column("name_da", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('national', 'municipality', 'group')", name=op.f("ck_comparison_series_kind")
        ),
        sa.CheckConstraint("name_da <> ''", name=op.f("ck_comparison_series_name_required")),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_comparison_series_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_series")),
        sa.UniqueConstraint(
            "indicator_code", "name_da", name=op.f("uq_comparison_series_indicator_code_name_da")
        ),
    )
    with op.batch_alter_table("comparison_series", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comparison_series_indicator_code"), ["indicator_code"], unique=False
        )
    op.create_table(
        "comparison_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("period_code", sa.String(length=7), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"], ["comparison_series.id"],
            name=op.f("fk_comparison_values_series_id_comparison_series"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_values")),
        sa.UniqueConstraint(
            "series_id", "period_code", name=op.f("uq_comparison_values_series_id_period_code")
        ),
    )
    with op.batch_alter_table("comparison_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comparison_values_series_id"), ["series_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("comparison_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comparison_values_series_id"))
    op.drop_table("comparison_values")
    with op.batch_alter_table("comparison_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comparison_series_indicator_code"))
    op.drop_table("comparison_series")
