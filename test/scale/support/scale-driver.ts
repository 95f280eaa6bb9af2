/**
 * Drives one batch of the scale model through several API servers at once: starts each instance on one
 * server and completes its task (for the instances meant to be completed) through the other, so every
 * completion crosses processes. A failed request (a server being killed) is retried on the next server
 * with the same Idempotency-Key, so a retry of a request that did commit gets the stored answer.
 * Records what each instance is expected to end with; the database is checked afterwards.
 */
import { SCALE_PROCESS_KEY, ScaleEnd } from './scale-model.js';
import type { ZhifaClient } from './http-client.js';

export interface ApiClient {
  readonly name: string;
  readonly client: ZhifaClient;
}

export interface BatchPlan {
  /** Business keys are `<label>-<i>`; the checks find every instance of the batch by them. */
  readonly label: string;
  readonly size: number;
  /** Instance i is completed by the user when `i % completeEvery === 0`; the rest are left to the timer. */
  readonly completeEvery: number;
  readonly dueAt: Date;
  readonly concurrency: number;
  /** Called after each started instance (e.g. to kill a process mid-run). */
  readonly onStarted?: (started: number) => Promise<void> | void;
}

export interface InstanceIntent {
  readonly businessKey: string;
  /** `approved` when a completion was acknowledged (2xx); `escalated` when left to the timer or the timer won (409). */
  expected: ScaleEnd | 'either';
  readonly startedOn: string;
  completedOn?: string;
}

export interface BatchRun {
  readonly intents: Map<string, InstanceIntent>;
  readonly startedAt: number;
  readonly drivenAt: number;
  /** Requests that failed (connection refused/reset, 5xx) and were retried. */
  retries: number;
  /** Completions answered 409 because the timer had already ended the task. */
  timerWon: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `request` on the preferred server, then the others in turn, until one answers below 500. */
async function onAny<T>(apis: readonly ApiClient[], preferred: number, run: BatchRun, request: (api: ApiClient) => Promise<{ status: number; body: T }>) {
  const deadline = Date.now() + 90_000;
  for (let attempt = 0; ; attempt++) {
    const api = apis[(preferred + attempt) % apis.length]!;
    try {
      const reply = await request(api);
      if (reply.status < 500) return { api, reply, retried: attempt > 0 };
    } catch {
      // connection refused / reset while a server is down: try the next one
    }
    run.retries += 1;
    if (Date.now() > deadline) throw new Error('no API server answered for 90 s');
    await sleep(100);
  }
}

async function driveOne(apis: readonly ApiClient[], plan: BatchPlan, run: BatchRun, i: number): Promise<void> {
  const businessKey = `${plan.label}-${i}`;
  const variables = { dueAt: plan.dueAt.toISOString() };
  const started = await onAny<{ id: string }>(apis, i, run, (api) =>
    api.client.post<{ id: string }>(`/api/process-definitions/key/${SCALE_PROCESS_KEY}/start`, { businessKey, variables }, { 'idempotency-key': `${businessKey}.start` }),
  );
  if (started.reply.status !== 201) throw new Error(`start ${businessKey} on ${started.api.name}: ${started.reply.status} ${JSON.stringify(started.reply.body)}`);
  const intent: InstanceIntent = { businessKey, expected: ScaleEnd.escalated, startedOn: started.api.name };
  run.intents.set(started.reply.body.id, intent);
  await plan.onStarted?.(run.intents.size);
  if (i % plan.completeEvery !== 0) return;

  const instanceId = started.reply.body.id;
  const other = i + 1;
  const tasks = await onAny<{ id: string; state: string }[]>(apis, other, run, (api) =>
    api.client.get<{ id: string; state: string }[]>(`/api/tasks?processInstanceId=${encodeURIComponent(instanceId)}`),
  );
  const task = Array.isArray(tasks.reply.body) ? tasks.reply.body[0] : undefined;
  if (!task) return; // the timer already ended it: stays `escalated`
  const done = await onAny(apis, other, run, (api) =>
    api.client.post(`/api/tasks/${task.id}/complete`, { variables: { approved: true } }, { 'idempotency-key': `${businessKey}.complete` }),
  );
  intent.completedOn = done.api.name;
  if (done.reply.status === 200) intent.expected = ScaleEnd.approved;
  else if (done.reply.status === 409) run.timerWon += 1;
  else throw new Error(`complete ${task.id} on ${done.api.name}: ${done.reply.status} ${JSON.stringify(done.reply.body)}`);
  // A retry after a lost answer may see 409 for its own earlier success: only the database can tell.
  if (done.reply.status === 409 && done.retried) intent.expected = 'either';
}

/** Starts `plan.size` instances over `apis` with `plan.concurrency` clients and completes the chosen ones. */
export async function driveBatch(apis: readonly ApiClient[], plan: BatchPlan): Promise<BatchRun> {
  const run: BatchRun = { intents: new Map(), startedAt: Date.now(), drivenAt: 0, retries: 0, timerWon: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      for (let i = next++; i < plan.size; i = next++) await driveOne(apis, plan, run, i);
    }),
  );
  return { ...run, drivenAt: Date.now() };
}
