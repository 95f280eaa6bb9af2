import type { RequestHandler } from 'express';
import type { Role } from '@zhifa/api-types';
import type { TokenService } from './token.service.js';
import { hasRole, principalOf, setPrincipal } from './principal.js';
import { forbidden, unauthenticated } from '../http/api-error.js';

/** Requires `Authorization: Bearer <token>`; stores the principal for controllers. */
export function requireAuth(tokens: TokenService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match?.[1]) throw unauthenticated();
    setPrincipal(res, await tokens.verify(match[1]));
    next();
  };
}

/** Requires one of the roles (after requireAuth). */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!hasRole(principalOf(res), ...roles)) throw forbidden(`requires role ${roles.join(' or ')}`);
    next();
  };
}
