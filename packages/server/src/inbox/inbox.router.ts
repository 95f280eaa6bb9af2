/**
 * Inbox routes (issue 6): the four views, instance attachments (S9), audit-chain verification and listing.
 * Mounted among the authenticated API routers, so every route has a principal.
 */
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { ApiPath, AuditQueryParams, InboxQuery, InboxView } from '@zhifa/api-types';
import { getInboxTask, listAudit, verifyAuditChain, type PostgresDb } from '@zhifa/store-postgres';
import { requireRole } from '../auth/auth.middleware.js';
import { principalOf } from '../auth/principal.js';
import { ApiError, notFound } from '../http/api-error.js';
import type { AccessService } from '../services/access.service.js';
import { param, parse } from '../http/validate.js';
import { MAX_ATTACHMENT_BYTES, type AttachmentService } from './attachment.service.js';
import { deadlineTraceOf, type DeadlineOf } from './deadline-trace.js';
import type { InboxService } from './inbox.service.js';

export interface InboxRouterDeps {
  readonly db: PostgresDb;
  readonly inbox: InboxService;
  readonly attachments: AttachmentService;
  readonly access: AccessService;
  /** The deadlines feature's computation; without it traces are empty. */
  readonly deadlineOf?: DeadlineOf;
}

export function createInboxRouter(deps: InboxRouterDeps): Router {
  const router = Router();
  const { inbox, attachments } = deps;

  // `GET /api/tasks?view=…` reaches this router only when the core task list passes views on (see README).
  router.get(ApiPath.tasks, async (req, res, next) => {
    const query = parse(InboxQuery, req.query, 'query');
    if (query.view === undefined) {
      next();
      return;
    }
    res.json(await inbox.view(principalOf(res), query.view, query));
  });
  router.get(ApiPath.inboxView, async (req, res) => {
    const view = parse(InboxView, param(req.params, 'view'), 'params');
    res.json(await inbox.view(principalOf(res), view, parse(InboxQuery, req.query, 'query')));
  });

  // How a due date was computed, for whoever may see the task (candidates included), shown when it is hovered.
  router.get(ApiPath.inboxTaskDeadline, async (req, res) => {
    const id = param(req.params, 'id');
    const task = await getInboxTask(deps.db, id);
    if (!task) throw notFound('task', id);
    await deps.access.assertTaskVisible(principalOf(res), task);
    res.json(await deadlineTraceOf(task, deps.deadlineOf ?? (() => Promise.resolve(undefined))));
  });

  const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 } }).single('file');
  const receive: RequestHandler = (req, res, next) => {
    upload(req, res, (error?: unknown) => next(error ? uploadError(error) : undefined));
  };
  router.post(ApiPath.processInstanceAttachments, receive, async (req, res) => {
    const file = req.file;
    if (!file) throw new ApiError('INVALID_INPUT', "send one file in the multipart field 'file'");
    const stored = await attachments.upload(principalOf(res), param(req.params, 'id'), {
      originalName: file.originalname,
      declaredType: file.mimetype,
      content: file.buffer,
    });
    res.status(201).json(stored);
  });
  router.get(ApiPath.processInstanceAttachments, async (req, res) => {
    res.json(await attachments.list(principalOf(res), param(req.params, 'id')));
  });
  router.get(ApiPath.attachment, async (req, res) => {
    const { attachment, content } = await attachments.download(principalOf(res), param(req.params, 'id'));
    // Always a download of the stored (magic-byte checked) type; the browser must not sniff another one.
    res.attachment(attachment.name);
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.send(content);
  });

  const auditors = requireRole('admin', 'auditor');
  router.get(ApiPath.adminAuditVerify, auditors, async (_req, res) => {
    const result = await verifyAuditChain(deps.db);
    res.json({ ok: result.ok, checked: result.checked, firstBad: result.firstBad ?? null, headPosition: result.headPosition, elapsedMs: result.elapsedMs });
  });
  router.get(ApiPath.adminAudit, auditors, async (req, res) => {
    const query = parse(AuditQueryParams, req.query, 'query');
    res.json(await listAudit(deps.db, query));
  });
  return router;
}

const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FILE_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_COUNT', 'LIMIT_FIELD_VALUE']);

function uploadError(error: unknown): ApiError {
  const code = error instanceof multer.MulterError ? error.code : undefined;
  if (code && TOO_LARGE.has(code)) return new ApiError('PAYLOAD_TOO_LARGE', `upload too large (${code}); attachments are limited to ${MAX_ATTACHMENT_BYTES} bytes`);
  if (code === 'LIMIT_UNEXPECTED_FILE') return new ApiError('INVALID_INPUT', "send one file in the multipart field 'file'");
  return new ApiError('INVALID_INPUT', 'malformed multipart body');
}
