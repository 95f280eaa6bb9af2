import { describe, expect, it } from 'vitest';
import { DeployError, StaleStateError, VersionConflictError } from '@zhifa/engine';
import { ApiError } from './api-error.js';
import { mapError } from './error.middleware.js';

describe('mapError: one table from error code to status', () => {
  it('maps engine and server errors by code, keeping details', () => {
    const deploy = mapError(DeployError.of([{ elementId: 'gw', elementType: 'bpmn:ComplexGateway', reason: 'unsupported' }]));
    expect(deploy.status).toBe(422);
    expect(deploy.body.error).toMatchObject({ code: 'MODEL_INVALID', details: { problems: [{ elementId: 'gw' }] } });
    expect(mapError(new StaleStateError('done')).status).toBe(409);
    expect(mapError(new VersionConflictError('i', 1)).status).toBe(409);
    expect(mapError(new ApiError('UNAUTHENTICATED', 'no')).status).toBe(401);
    expect(mapError(new ApiError('FORBIDDEN', 'no')).status).toBe(403);
  });

  it('answers the unknown with a bare 500 and an outage with 503, never with internals', () => {
    const bug = mapError(new Error('SELECT * FROM secret failed at /srv/app.js:1:2'));
    expect(bug).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } });
    const down = mapError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).not.toContain('5432');
    expect(mapError(Object.assign(new Error('x'), { code: 'NOT_A_KNOWN_CODE' })).status).toBe(500);
  });

  it('maps body-parser failures to 400 / 413', () => {
    expect(mapError(Object.assign(new Error('too big'), { type: 'entity.too.large', status: 413 })).status).toBe(413);
    expect(mapError(Object.assign(new Error('bad json'), { type: 'entity.parse.failed', status: 400 })).status).toBe(400);
  });
});
