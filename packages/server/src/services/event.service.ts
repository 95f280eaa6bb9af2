import type { Variables } from '@zhifa/api-types';
import { toJsonObject, type EngineApi } from '@zhifa/engine';
import { forbidden } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';

/** Messages and signals from outside (integrations, staff actions). Auditors are read-only. */
export class EventService {
  constructor(private readonly engine: EngineApi) {}

  async correlate(
    principal: Principal,
    input: { name: string; correlationKey?: string | undefined; businessKey?: string | undefined; variables?: Variables | undefined },
  ) {
    this.assertMayWrite(principal);
    // Without an explicit correlation key the business key is the natural one (case number).
    const correlationKey = input.correlationKey ?? input.businessKey;
    const result = await this.engine.correlateMessage({
      name: input.name,
      ...(correlationKey !== undefined && { correlationKey }),
      variables: toJsonObject(input.variables),
    });
    return { correlated: result.correlated, started: result.started, processInstanceIds: [...result.instanceIds] };
  }

  async broadcast(principal: Principal, input: { name: string; variables?: Variables | undefined }) {
    this.assertMayWrite(principal);
    const result = await this.engine.broadcastSignal({ name: input.name, variables: toJsonObject(input.variables) });
    return { triggered: result.delivered, started: result.started };
  }

  private assertMayWrite(principal: Principal): void {
    if (hasRole(principal, 'auditor') && !hasRole(principal, 'admin', 'analyst', 'staff')) {
      throw forbidden('auditors are read-only');
    }
  }
}
