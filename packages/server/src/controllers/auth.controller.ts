import { Router, type RequestHandler } from 'express';
import { ApiPath, LoginRequest } from '@zhifa/api-types';
import { principalOf } from '../auth/principal.js';
import { parse } from '../http/validate.js';
import type { AuthService } from '../services/auth.service.js';

/** Login is public (rate-limited by the caller of this function); /api/me needs a token. */
export function authController(auth: AuthService, requireAuth: RequestHandler, loginLimiter: RequestHandler): Router {
  const router = Router();
  router.post(ApiPath.login, loginLimiter, async (req, res) => {
    const body = parse(LoginRequest, req.body);
    res.json(await auth.login(body.username, body.password));
  });
  router.get(ApiPath.me, requireAuth, async (_req, res) => {
    res.json(await auth.me(principalOf(res)));
  });
  return router;
}
