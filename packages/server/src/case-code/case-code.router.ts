import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { ApiPath, CaseCodeListQuery, RevokeCaseCodeRequest } from '@zhifa/api-types';
import { CASE_PAGE_CSP, renderCasePage, renderInvalidCasePage, renderRevokedCasePage } from './case-page.js';
import { CaseCodeError, CaseCodeInputError } from './case-code.errors.js';
import type { CaseCodeService } from './case-code.service.js';
import type { CaseCodeAdminView, CaseCodeRecord } from './case-code.types.js';
import { caseCodeQrPng, caseCodeQrSvg, caseCodeUrl } from './qr.js';

export interface CaseCodeRouterOptions {
  readonly service: CaseCodeService;
  /** Origin (and path prefix, if any) the public pages are reached at, e.g. `https://zf.example.gov.cn`. */
  readonly publicBaseUrl: string;
}

/** Headers of every public response: the pages carry personal data (masked) and a bearer-like token in the URL. */
function setPublicHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CASE_PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    // Revocation must take effect at once, so nothing may be cached.
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
  });
}

/** The public, login-free routes: `GET /case/:token` (HTML page) and its QR code as `qr.png` / `qr.svg`. */
export function createCaseCodeRouter(options: CaseCodeRouterOptions): Router {
  const { service, publicBaseUrl } = options;
  const router = Router();

  router.get('/case/:token', async (req, res) => {
    setPublicHeaders(res);
    const result = await service.verify(req.params.token);
    res.type('html');
    switch (result.type) {
      case 'valid': {
        const qrSvg = await caseCodeQrSvg(caseCodeUrl(publicBaseUrl, result.token));
        res.status(200).send(renderCasePage(result.record, { qrSvg }));
        return;
      }
      case 'revoked':
        res.status(410).send(renderRevokedCasePage(result.record));
        return;
      case 'invalid':
        res.status(404).send(renderInvalidCasePage());
        return;
      default: {
        const unreachable: never = result;
        return unreachable;
      }
    }
  });

  const qrRoute = (format: 'png' | 'svg'): RequestHandler => async (req, res) => {
    setPublicHeaders(res);
    const result = await service.verify(param(req, 'token'));
    if (result.type !== 'valid') {
      res.status(result.type === 'revoked' ? 410 : 404).type('text/plain; charset=utf-8').send('case code not available');
      return;
    }
    const url = caseCodeUrl(publicBaseUrl, result.token);
    if (format === 'png') res.type('image/png').send(await caseCodeQrPng(url));
    else res.type('image/svg+xml').send(await caseCodeQrSvg(url));
  };
  router.get('/case/:token/qr.png', qrRoute('png'));
  router.get('/case/:token/qr.svg', qrRoute('svg'));
  return router;
}

export interface CaseCodeAdminRouterOptions {
  readonly service: CaseCodeService;
  /** The server's authentication + admin-role middleware, run before every admin route. */
  readonly requireAdmin: RequestHandler | readonly RequestHandler[];
  /** When given, responses carry the public URL of the code. */
  readonly publicBaseUrl?: string;
  /** Who is acting; by default the `id` of `res.locals.principal`, where the server's auth middleware keeps the user. */
  readonly actorOf?: (req: Request, res: Response) => string;
}

function param(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}

function principalId(_req: Request, res: Response): string {
  const principal: unknown = res.locals['principal'];
  const id: unknown = typeof principal === 'object' && principal !== null ? Reflect.get(principal, 'id') : undefined;
  if (typeof id !== 'string' || id === '') throw new CaseCodeError('UNAUTHENTICATED', 'NO_PRINCIPAL', 'authentication required');
  return id;
}

/** Admin routes: `GET /api/case-codes?instanceId=`, `GET /api/case-codes/:id` and `POST /api/case-codes/:id/revoke` `{ reason }`. Errors go to the server's error middleware. */
export function createCaseCodeAdminRouter(options: CaseCodeAdminRouterOptions): Router {
  const { service, publicBaseUrl } = options;
  const guards = [options.requireAdmin].flat();
  const actorOf = options.actorOf ?? principalId;
  const router = Router();
  const view = async (record: CaseCodeRecord): Promise<CaseCodeAdminView> => {
    const token = await service.tokenFor(record);
    return { ...record, token, url: publicBaseUrl === undefined ? null : caseCodeUrl(publicBaseUrl, token) };
  };

  router.get(ApiPath.caseCodes, ...guards, async (req, res) => {
    const query = CaseCodeListQuery.safeParse(req.query);
    if (!query.success) throw new CaseCodeInputError('query parameter instanceId is required');
    const records = await service.listForInstance(query.data.instanceId);
    res.json({ items: await Promise.all(records.map(view)) });
  });

  router.get(ApiPath.caseCode, ...guards, async (req, res) => {
    res.json(await view(await service.get(param(req, 'id'))));
  });

  router.post(ApiPath.caseCodeRevoke, ...guards, express.json({ limit: '16kb' }), async (req, res) => {
    const body = RevokeCaseCodeRequest.safeParse(req.body);
    if (!body.success) throw new CaseCodeInputError('body must be { "reason": string }');
    const record = await service.revoke(param(req, 'id'), actorOf(req, res), body.data.reason);
    res.json(await view(record));
  });
  return router;
}
