import type { Variables } from '@zhifa/api-types';
import { toJsonObject, type Clock, type EngineApi, type InstanceStore, type JobRecord } from '@zhifa/engine';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { AccessService } from './access.service.js';

/** Jobs returned per call, and how many are read to find that many a staff caller may see. */
const JOB_PAGE = 100;
const JOB_SCAN = 1000;

/**
 * External jobs, incidents and timers: machine and operator work. Workers log in as staff (or admin)
 * accounts; staff see and work only jobs of instances they may open; incidents and timers are read by admins and auditors and retried by admins. A job failed with
 * a `retryBackoff` is not listed to workers until the engine's clock has passed it.
 */
export class OperationsService {
  constructor(
    private readonly engine: EngineApi,
    private readonly store: InstanceStore,
    private readonly clock: Clock,
    private readonly access: AccessService,
  ) {}

  /**
   * Available jobs of a type. Admins (and service accounts with the admin role) see all of them; staff see
   * only jobs of instances they may open, like every other list (S7).
   */
  async listJobs(principal: Principal, type: string) {
    this.assertWorker(principal);
    const availableAt = this.clock.now().toISOString();
    const admin = hasRole(principal, 'admin');
    const candidates = await this.store.listJobs({ type, limit: admin ? JOB_PAGE : JOB_SCAN, availableAt });
    const jobs = admin ? candidates : (await this.visibleTo(principal, candidates)).slice(0, JOB_PAGE);
    return jobs.map((job) => ({
      id: job.id,
      type: job.type,
      processInstanceId: job.instanceId,
      activityId: job.elementId,
      retries: job.retries,
      variables: job.variables,
      createdAt: job.createdAt,
    }));
  }

  async completeJob(principal: Principal, id: string, variables: Variables | undefined) {
    this.assertWorker(principal);
    await this.job(principal, id);
    await this.engine.completeJob(id, toJsonObject(variables));
    return { ok: true as const };
  }

  async failJob(principal: Principal, id: string, input: { errorMessage: string; retries?: number | undefined; retryBackoff?: string | undefined }) {
    this.assertWorker(principal);
    const job = await this.job(principal, id);
    const retries = input.retries ?? Math.max(0, job.retries - 1);
    await this.engine.failJob(id, retries, input.errorMessage, input.retryBackoff === undefined ? {} : { retryBackoff: input.retryBackoff });
    return { ok: true as const };
  }

  async listIncidents(principal: Principal) {
    this.assertOperator(principal);
    const incidents = await this.store.listIncidents({});
    return incidents.map((i) => ({
      id: i.id,
      processInstanceId: i.instanceId,
      activityId: i.elementId,
      type: i.kind,
      message: i.message,
      createdAt: i.createdAt,
      resolvedAt: null,
    }));
  }

  async retryIncident(principal: Principal, id: string) {
    if (!hasRole(principal, 'admin')) throw forbidden('retrying an incident requires the admin role');
    const incident = await this.store.transaction((tx) => this.store.getIncident(tx, id));
    if (!incident) throw notFound('incident', id);
    await this.engine.resolveIncident(id);
    return { ok: true as const };
  }

  async listTimers(principal: Principal, instanceId: string | undefined) {
    this.assertOperator(principal);
    const timers = await this.store.listTimers(instanceId === undefined ? {} : { instanceId });
    return timers.map((t) => ({
      id: t.id,
      processInstanceId: t.instanceId ?? null,
      activityId: t.elementId,
      dueAt: t.dueAt,
      state: 'pending' as const,
    }));
  }

  /** The job, if the caller may work it: staff only on instances they may open (another unit's: 404). */
  private async job(principal: Principal, id: string): Promise<JobRecord> {
    const job = await this.store.transaction((tx) => this.store.getJob(tx, id));
    if (!job) throw notFound('job', id);
    if (!hasRole(principal, 'admin')) {
      await this.access.assertInstanceVisible(principal, job.instanceId).catch((error: unknown) => {
        throw error instanceof ApiError && error.code === 'NOT_FOUND' ? notFound('job', id) : error;
      });
    }
    return job;
  }

  private async visibleTo(principal: Principal, jobs: readonly JobRecord[]): Promise<JobRecord[]> {
    const visible = await this.access.visibleInstances(principal, jobs.map((job) => job.instanceId));
    return jobs.filter((job) => visible.has(job.instanceId));
  }

  private assertWorker(principal: Principal): void {
    if (!hasRole(principal, 'admin', 'staff')) throw forbidden('external jobs require the staff or admin role');
  }

  private assertOperator(principal: Principal): void {
    if (!hasRole(principal, 'admin', 'auditor')) throw forbidden('requires the admin or auditor role');
  }
}
