import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '@zhifa/engine';
import { appendAudit, type PostgresDb } from '@zhifa/store-postgres';
import { ApiError, notFound } from '../http/api-error.js';
import type { Principal } from '../auth/principal.js';
import type { AccessService } from '../services/access.service.js';
import { agreedType, detectType, sanitiseName } from './magic-bytes.js';
import { createAttachmentIndex, createAttachmentTable, getAttachment, insertAttachment, listAttachments } from './attachment.sql.js';

/** Largest attachment accepted (S9): 10 MB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface Attachment {
  readonly id: string;
  readonly instanceId: string;
  /** The client's file name, sanitised; metadata only. */
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

interface AttachmentRow {
  id: string;
  instance_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface Upload {
  readonly originalName: string;
  readonly declaredType: string;
  readonly content: Buffer;
}

/** Attachments of process instances: seen and added by whoever may see the instance. */
export class AttachmentService {
  constructor(
    private readonly db: PostgresDb,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async migrate(): Promise<void> {
    await this.db.query(createAttachmentTable);
    await this.db.query(createAttachmentIndex);
  }

  async upload(principal: Principal, instanceId: string, file: Upload): Promise<Attachment> {
    await this.access.assertInstanceVisible(principal, instanceId);
    if (file.content.length > MAX_ATTACHMENT_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`);
    const detected = detectType(file.content);
    if (!detected) throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'only PDF, PNG, JPEG and ZIP-based documents (DOCX, XLSX, OFD) are accepted');
    const contentType = agreedType(detected, file.declaredType);
    if (!contentType) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', `declared type '${file.declaredType}' does not match the content (${detected})`, { detected });
    }
    const attachment: Attachment = {
      id: randomUUID(),
      instanceId,
      name: sanitiseName(file.originalName),
      contentType,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      uploadedBy: principal.id,
      uploadedAt: this.clock.now().toISOString(),
    };
    await this.db.transaction(async (tx) => {
      await tx.query(insertAttachment, [
        attachment.id, instanceId, attachment.name, contentType, attachment.size, attachment.sha256, principal.id, attachment.uploadedAt, file.content,
      ]);
      // The hash of the content goes into the chain: a swapped file is detectable later.
      await appendAudit(tx, [{
        id: randomUUID(),
        instanceId,
        at: attachment.uploadedAt,
        actor: principal.id,
        action: 'attachment.uploaded',
        data: { attachmentId: attachment.id, name: attachment.name, contentType, size: attachment.size, sha256: attachment.sha256 },
      }]);
    });
    return attachment;
  }

  async list(principal: Principal, instanceId: string): Promise<Attachment[]> {
    await this.access.assertInstanceVisible(principal, instanceId);
    return (await this.db.query<AttachmentRow>(listAttachments, [instanceId])).map(toAttachment);
  }

  async download(principal: Principal, id: string): Promise<{ attachment: Attachment; content: Buffer }> {
    const [row] = await this.db.query<AttachmentRow & { content: Buffer }>(getAttachment, [id]);
    if (!row) throw notFound('attachment', id);
    try {
      await this.access.assertInstanceVisible(principal, row.instance_id);
    } catch (error) {
      // Whoever may not see the instance learns nothing about the attachment either.
      if (error instanceof ApiError) throw notFound('attachment', id);
      throw error;
    }
    return { attachment: toAttachment(row), content: row.content };
  }
}

function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    instanceId: row.instance_id,
    name: row.name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}
