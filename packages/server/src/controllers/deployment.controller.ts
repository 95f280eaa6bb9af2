import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { ApiError } from '../http/api-error.js';
import { requireRole } from '../auth/auth.middleware.js';
import { ApiPath, CreateDeploymentRequest, ProcessDefinitionQuery } from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { param, parse } from '../http/validate.js';
import type { DeploymentService } from '../services/deployment.service.js';

export interface UploadLimits {
  readonly fileBytes: number;
  readonly files: number;
}

/** Deployments (JSON or multipart files) and process definitions. */
export function deploymentController(deployments: DeploymentService, limits: UploadLimits): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: limits.fileBytes, files: limits.files, fields: 10 } });

  const files = upload.array('files', limits.files);
  // Upload problems are the client's: too big or too many → 413, anything malformed → 400 (never a 500).
  const receive: RequestHandler = (req, res, next) => {
    files(req, res, (error?: unknown) => next(error ? uploadError(error) : undefined));
  };

  // The role is checked before the upload is read, so nobody else can make the server buffer files.
  router.post(ApiPath.deployments, requireRole('admin', 'analyst'), receive, async (req, res) => {
    const files = Array.isArray(req.files) ? req.files : [];
    const input = req.is('multipart/form-data')
      ? {
          name: typeof req.body?.name === 'string' && req.body.name ? req.body.name : (files[0]?.originalname ?? 'upload'),
          resources: files.map((file) => ({ name: file.originalname, content: file.buffer.toString('utf8') })),
        }
      : req.body;
    const body = parse(CreateDeploymentRequest, input);
    res.status(201).json(await deployments.deploy(principalOf(res), body));
  });
  router.get(ApiPath.deployments, async (_req, res) => {
    res.json(await deployments.list());
  });
  router.get(ApiPath.forms, async (_req, res) => {
    res.json(await deployments.listForms());
  });
  router.get(ApiPath.form, async (req, res) => {
    res.json(await deployments.getForm(param(req.params, 'key')));
  });
  router.get(ApiPath.processDefinitions, async (req, res) => {
    const query = parse(ProcessDefinitionQuery, req.query, 'query');
    res.json(await deployments.listDefinitions(query.key));
  });
  router.get(ApiPath.processDefinition, async (req, res) => {
    res.json(await deployments.getDefinition(param(req.params, 'id')));
  });
  router.get(ApiPath.processDefinitionXml, async (req, res) => {
    res.type('application/xml').send(await deployments.getXml(param(req.params, 'id')));
  });
  return router;
}

const TOO_LARGE = new Set(['LIMIT_FILE_SIZE', 'LIMIT_FILE_COUNT', 'LIMIT_PART_COUNT', 'LIMIT_FIELD_COUNT', 'LIMIT_FIELD_VALUE']);

function uploadError(error: unknown): ApiError {
  const code = error instanceof multer.MulterError ? error.code : undefined;
  if (code && TOO_LARGE.has(code)) return new ApiError('PAYLOAD_TOO_LARGE', `upload too large (${code})`);
  if (code === 'LIMIT_UNEXPECTED_FILE') return new ApiError('INVALID_INPUT', "upload files in the form field 'files'");
  return new ApiError('INVALID_INPUT', 'malformed multipart body');
}
