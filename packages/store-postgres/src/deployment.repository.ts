import { createHash, randomUUID } from 'node:crypto';
import type { JsonValue } from '@zhifa/engine';
import type { Sql } from './sql.js';

export const ResourceKind = { bpmn: 'bpmn', dmn: 'dmn', form: 'form' } as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

export interface ResourceInput {
  readonly name: string;
  readonly content: string;
  readonly kind: ResourceKind;
}

export interface Deployment {
  readonly id: string;
  readonly name?: string;
  readonly deployedBy?: string;
  readonly deployedAt: string;
  /** Name, kind and sha256 of each resource (content via {@link getDeploymentResource}). */
  readonly resources: readonly { readonly id: string; readonly name: string; readonly kind: ResourceKind; readonly sha256: string }[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Records a deployment and its resources (content and sha256). The definitions in it are stored by
 * {@link deployVersioned} (forms, decisions) or the engine's `DefinitionRepository` (processes). Given the
 * `id` of a deployment the engine already created (`Engine.deploy` → `deploymentId`), it fills in name,
 * deployer and resources of that row.
 */
export async function saveDeployment(
  sql: Sql,
  input: { readonly id?: string; readonly name?: string; readonly deployedBy?: string; readonly at?: string; readonly resources: readonly ResourceInput[] },
): Promise<Deployment> {
  const id = input.id ?? randomUUID();
  const resources = input.resources.map((r) => ({ id: randomUUID(), name: r.name, kind: r.kind, sha256: sha256Hex(r.content) }));
  const [row] = await sql.query<{ deployed_at: Date }>(
    `INSERT INTO deployment (id, name, deployed_by, deployed_at, resources) VALUES ($1, $2, $3, COALESCE($4::timestamptz, now()), $5)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, deployed_by = EXCLUDED.deployed_by, resources = EXCLUDED.resources
     RETURNING deployed_at`,
    [id, input.name ?? null, input.deployedBy ?? null, input.at ?? null, JSON.stringify(resources)],
  );
  for (const [i, resource] of resources.entries()) {
    await sql.query(`INSERT INTO deployment_resource (id, deployment_id, name, content, sha256, kind) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (deployment_id, name) DO NOTHING`, [
      resource.id,
      id,
      resource.name,
      input.resources[i]?.content ?? '',
      resource.sha256,
      resource.kind,
    ]);
  }
  return {
    id,
    ...(input.name !== undefined && { name: input.name }),
    ...(input.deployedBy !== undefined && { deployedBy: input.deployedBy }),
    deployedAt: (row?.deployed_at ?? new Date(0)).toISOString(),
    resources,
  };
}

interface DeploymentRow {
  id: string;
  name: string | null;
  deployed_by: string | null;
  deployed_at: Date;
  resources: Deployment['resources'];
}

function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    ...(row.name !== null && { name: row.name }),
    ...(row.deployed_by !== null && { deployedBy: row.deployed_by }),
    deployedAt: row.deployed_at.toISOString(),
    resources: row.resources,
  };
}

/** Deployments, newest first. */
export async function listDeployments(sql: Sql, page: { readonly limit?: number; readonly offset?: number } = {}): Promise<Deployment[]> {
  const rows = await sql.query<DeploymentRow>(
    `SELECT id, name, deployed_by, deployed_at, resources FROM deployment ORDER BY deployed_at DESC, id LIMIT $1 OFFSET $2`,
    [Math.min(page.limit ?? 100, 1000), page.offset ?? 0],
  );
  return rows.map(toDeployment);
}

export async function getDeployment(sql: Sql, id: string): Promise<Deployment | undefined> {
  const [row] = await sql.query<DeploymentRow>(`SELECT id, name, deployed_by, deployed_at, resources FROM deployment WHERE id = $1`, [id]);
  return row && toDeployment(row);
}

/** The content of one resource of a deployment, by resource name. */
export async function getDeploymentResource(sql: Sql, deploymentId: string, name: string): Promise<(ResourceInput & { sha256: string }) | undefined> {
  const [row] = await sql.query<{ name: string; content: string; kind: ResourceKind; sha256: string }>(
    `SELECT name, content, kind, sha256 FROM deployment_resource WHERE deployment_id = $1 AND name = $2`,
    [deploymentId, name],
  );
  return row;
}

/** Tables with the same versioned shape (same key → next version). */
export const VersionedKind = { decision: 'decision_definition', form: 'form_definition' } as const;
export type VersionedKind = keyof typeof VersionedKind;

/** A versioned DMN decision or form. */
export interface VersionedDefinition {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly deploymentId: string;
  readonly name?: string;
  readonly content: string;
  readonly compiled?: JsonValue;
  readonly hash: string;
  readonly deployedAt: string;
}

interface VersionedRow {
  id: string;
  key: string;
  version: number;
  deployment_id: string;
  name: string | null;
  content: string;
  compiled: JsonValue | null;
  hash: string;
  deployed_at: Date;
}

const versionedColumns = 'id, key, version, deployment_id, name, content, compiled, hash, deployed_at';

function toVersioned(row: VersionedRow): VersionedDefinition {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    deploymentId: row.deployment_id,
    ...(row.name !== null && { name: row.name }),
    content: row.content,
    ...(row.compiled !== null && { compiled: row.compiled }),
    hash: row.hash,
    deployedAt: row.deployed_at.toISOString(),
  };
}

/** Serialises version assignment per key across concurrent deploys (held until the transaction ends). */
export async function lockDefinitionKey(sql: Sql, table: string, key: string): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${table}:${key}`]);
}

/**
 * Stores a decision or form as the next version of its key, unless its content hash equals the latest
 * version's: then the latest is returned with `created: false` and nothing is written. Call inside a
 * transaction (the per-key lock lasts until it ends).
 */
export async function deployVersioned(
  sql: Sql,
  kind: VersionedKind,
  input: { readonly key: string; readonly deploymentId: string; readonly name?: string; readonly content: string; readonly compiled?: JsonValue; readonly resourceId?: string },
): Promise<{ definition: VersionedDefinition; created: boolean }> {
  const table = VersionedKind[kind];
  await lockDefinitionKey(sql, table, input.key);
  const hash = sha256Hex(input.content);
  const latest = await latestVersioned(sql, kind, input.key);
  if (latest && latest.hash === hash) return { definition: latest, created: false };
  const [row] = await sql.query<VersionedRow>(
    `INSERT INTO ${table} (id, key, version, deployment_id, resource_id, name, content, compiled, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${versionedColumns}`,
    [
      randomUUID(),
      input.key,
      (latest?.version ?? 0) + 1,
      input.deploymentId,
      input.resourceId ?? null,
      input.name ?? null,
      input.content,
      input.compiled === undefined ? null : JSON.stringify(input.compiled),
      hash,
    ],
  );
  if (!row) throw new Error('insert returned no row');
  return { definition: toVersioned(row), created: true };
}

export async function latestVersioned(sql: Sql, kind: VersionedKind, key: string): Promise<VersionedDefinition | undefined> {
  const [row] = await sql.query<VersionedRow>(
    `SELECT ${versionedColumns} FROM ${VersionedKind[kind]} WHERE key = $1 ORDER BY version DESC LIMIT 1`,
    [key],
  );
  return row && toVersioned(row);
}

export async function getVersioned(sql: Sql, kind: VersionedKind, id: string): Promise<VersionedDefinition | undefined> {
  const [row] = await sql.query<VersionedRow>(`SELECT ${versionedColumns} FROM ${VersionedKind[kind]} WHERE id = $1`, [id]);
  return row && toVersioned(row);
}

/** Every version (or of one key), by key then version descending. */
export async function listVersioned(sql: Sql, kind: VersionedKind, filter: { readonly key?: string } = {}): Promise<VersionedDefinition[]> {
  const rows = await sql.query<VersionedRow>(
    `SELECT ${versionedColumns} FROM ${VersionedKind[kind]} WHERE ($1::text IS NULL OR key = $1) ORDER BY key, version DESC`,
    [filter.key ?? null],
  );
  return rows.map(toVersioned);
}
