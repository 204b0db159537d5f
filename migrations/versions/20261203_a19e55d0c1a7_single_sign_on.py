"""single sign-on

A user's identity at the identity provider (issuer and subject), the table of the
provider's groups and the roles they give, and the memberships a group gave.

Revision ID: a19e55d0c1a7
Revises: d0c5a7e1f3b9
Create Date: 2026-12-03 14:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a19e55d0c1a7"
down_revision = "d0c5a7e1f3b9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sso_issuer", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sso_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_sso_issuer_sso_subject"), ["sso_issuer", "sso_subject"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_users_sso_identity"), "(sso_issuer IS NULL) = (sso_subject IS NULL)"
        )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("granted_by_sso", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "sso_group_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_name", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(role IN ('member', 'data_contact')) = (body_id IS NOT NULL)",
            name=op.f("ck_sso_group_mappings_body_iff_role"),
        ),
        sa.CheckConstraint(
            "role IN ('admin', 'secretariat', 'member', 'data_contact')",
            name=op.f("ck_sso_group_mappings_role"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_sso_group_mappings_body_id_bodies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_group_mappings")),
        sa.UniqueConstraint(
            "group_name", "role", "body_id", name=op.f("uq_sso_group_mappings_group_name_role_body_id")
        ),
    )
    with op.batch_alter_table("sso_group_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sso_group_mappings_body_id"), ["body_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sso_group_mappings_group_name"), ["group_name"], unique=False
        )


def downgrade():
    with op.batch_alter_table("sso_group_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_group_mappings_group_name"))
        batch_op.drop_index(batch_op.f("ix_sso_group_mappings_body_id"))
    op.drop_table("sso_group_mappings")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_column("granted_by_sso")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_users_sso_identity"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_users_sso_issuer_sso_subject"), type_="unique")
        batch_op.drop_column("sso_subject")
        batch_op.drop_column("sso_issuer")
