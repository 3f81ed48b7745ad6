"""tender packs: packs, their versions and members

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 14:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('packs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packs_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('pack_versions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('pack_id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('uploaded_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('refused', sa.JSON(), nullable=False),
    sa.Column('delivery', sa.String(length=80), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['pack_id'], ['packs.id'], ),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pack_id', 'number')
    )
    with op.batch_alter_table('pack_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_versions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pack_versions_pack_id'), ['pack_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pack_versions_status'), ['status'], unique=False)
    op.create_table('pack_members',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('pack_version_id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('version_id', sa.String(length=32), nullable=True),
    sa.Column('job_id', sa.String(length=32), nullable=True),
    sa.Column('facts', sa.LargeBinary(), nullable=True),
    sa.Column('result', sa.LargeBinary(), nullable=True),
    sa.Column('error_code', sa.String(length=60), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['pack_version_id'], ['pack_versions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('job_id')
    )
    with op.batch_alter_table('pack_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pack_members_pack_version_id'), ['pack_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pack_members_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pack_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_members_version_id'))
        batch_op.drop_index(batch_op.f('ix_pack_members_pack_version_id'))
        batch_op.drop_index(batch_op.f('ix_pack_members_organisation_id'))
    op.drop_table('pack_members')
    with op.batch_alter_table('pack_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_versions_status'))
        batch_op.drop_index(batch_op.f('ix_pack_versions_pack_id'))
        batch_op.drop_index(batch_op.f('ix_pack_versions_organisation_id'))
    op.drop_table('pack_versions')
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packs_organisation_id'))
    op.drop_table('packs')
