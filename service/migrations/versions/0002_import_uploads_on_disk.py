"""imports: uploads wait on disk (import_runs.upload) instead of in the row (payload)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

A run still waiting with its bytes in ``payload`` when this runs loses them: it shows as
failed and is uploaded again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE import_runs SET status = 'failed', "
        "error = 'The upload was kept in an older format; please upload the file again.' "
        "WHERE status IN ('mapping', 'queued', 'running') OR "
        "(status = 'failed' AND payload IS NOT NULL)"
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('upload', sa.String(length=64), nullable=True))
        batch_op.drop_column('payload')


def downgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payload', sa.LargeBinary(), nullable=True))
        batch_op.drop_column('upload')
