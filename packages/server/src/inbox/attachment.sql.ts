/**
 * The attachment table of the inbox feature, created at feature start (idempotent). Content lives in a bytea
 * column under a generated id: the client's file name is metadata only and never reaches a path.
 */
export const createAttachmentTable = `CREATE TABLE IF NOT EXISTS attachment (
  id           text PRIMARY KEY,
  instance_id  text NOT NULL,
  name         text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  sha256       text NOT NULL,
  uploaded_by  text NOT NULL,
  uploaded_at  timestamptz NOT NULL,
  content      bytea NOT NULL
)`;

export const createAttachmentIndex = `CREATE INDEX IF NOT EXISTS attachment_instance_idx ON attachment (instance_id, uploaded_at)`;

export const insertAttachment = `INSERT INTO attachment (id, instance_id, name, content_type, size, sha256, uploaded_by, uploaded_at, content)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

const metaColumns = 'id, instance_id, name, content_type, size, sha256, uploaded_by, uploaded_at';

export const listAttachments = `SELECT ${metaColumns} FROM attachment WHERE instance_id = $1 ORDER BY uploaded_at, id`;

export const getAttachment = `SELECT ${metaColumns}, content FROM attachment WHERE id = $1`;
