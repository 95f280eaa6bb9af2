import type { CreateDeploymentRequest, Deployment, FormDefinition, ProcessDefinition } from '@zhifa/api-types';
import { parseDmn, type DecisionRegistry, type DefinitionRecord, type DefinitionRepository, type EngineApi } from '@zhifa/engine';
import { ApiError, forbidden, invalidInput, notFound } from '../http/api-error.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { DeploymentStore, StoredVersion, VersionedResource } from './ports.js';
import { checkForm } from './resource-check.js';

type Resource = CreateDeploymentRequest['resources'][number];

/** Deploys models (analysts and admins) and reads definitions (everyone logged in). */
export class DeploymentService {
  constructor(
    private readonly engine: EngineApi,
    private readonly definitions: DefinitionRepository,
    private readonly deployments: DeploymentStore,
    private readonly decisions: DecisionRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * BPMN resources go through the engine (compile, validate, version); forms and DMN are checked first and
   * stored beside them. Any invalid model fails the request with 422 naming the element, before anything
   * is written (several BPMN files are separate engine deployments: a bad second one leaves the first).
   */
  async deploy(principal: Principal, request: CreateDeploymentRequest): Promise<Deployment> {
    if (!hasRole(principal, 'admin', 'analyst')) throw forbidden('deploying requires the analyst or admin role');
    const names = new Set<string>();
    for (const resource of request.resources) {
      if (names.has(resource.name)) throw invalidInput(`duplicate resource name '${resource.name}'`);
      names.add(resource.name);
    }
    const others = await this.checkOthers(request.resources.filter((r) => kindOf(r) !== 'bpmn'));
    let deploymentId: string | undefined;
    const defined: DefinitionRecord[] = [];
    for (const resource of request.resources.filter((r) => kindOf(r) === 'bpmn')) {
      const result = await this.engine.deploy(resource.content, { name: request.name }).catch((error: unknown) => explainDeployFailure(resource, error));
      deploymentId ??= result.deploymentId;
      defined.push(...result.definitions);
    }
    // Always recorded: who deployed what (the engine's row has neither), with the deployment's audit entry.
    const saved = await this.deployments.saveResources({
      deploymentId,
      name: request.name,
      deployedBy: principal.id,
      resources: others.map((o) => o.resource),
      at: this.now().toISOString(),
      processDefinitions: defined.map((d) => d.id),
    });
    deploymentId = saved.deploymentId;
    // Registered only once stored (with the version business rule tasks will record), so a failed
    // deployment leaves no decision behind in this process.
    others.forEach((other, i) => other.register?.(saved.versions[i]));
    return {
      id: deploymentId,
      name: request.name,
      deployedAt: defined[0]?.deployedAt ?? new Date().toISOString(),
      processDefinitions: defined.map((d) => ({ id: d.id, key: d.processId, version: d.version })),
    };
  }

  /** Validates forms and DMN; DMN parse errors are DeployErrors (422) from the engine's parser. */
  private async checkOthers(resources: readonly Resource[]): Promise<{ resource: VersionedResource; register?: (source: StoredVersion | undefined) => void }[]> {
    const checked: { resource: VersionedResource; register?: (source: StoredVersion | undefined) => void }[] = [];
    for (const r of resources) {
      if (kindOf(r) === 'form') {
        checked.push({ resource: { kind: 'form', name: r.name, key: checkForm(r.name, r.content).key, content: r.content } });
      } else {
        const model = await parseDmn(r.content);
        checked.push({
          resource: { kind: 'dmn', name: r.name, key: model.id, content: r.content },
          register: (source) => this.decisions.add(model, source ?? {}),
        });
      }
    }
    return checked;
  }

  async list(): Promise<Deployment[]> {
    return (await this.deployments.list()).map((d) => ({ ...d, processDefinitions: [...d.processDefinitions] }));
  }

  async listForms(): Promise<Omit<FormDefinition, 'schema'>[]> {
    return (await this.deployments.latestForms()).map(({ content: _content, ...form }) => form);
  }

  async getForm(key: string): Promise<FormDefinition> {
    const [form] = await this.deployments.latestForms(key);
    if (!form) throw notFound('form', key);
    const { content, ...rest } = form;
    // Stored forms were checked to be JSON objects at deploy time.
    return { ...rest, schema: JSON.parse(content) };
  }

  async listDefinitions(key: string | undefined): Promise<ProcessDefinition[]> {
    const records = await this.definitions.list(key === undefined ? {} : { processId: key });
    return records.map(toDefinition);
  }

  async getDefinition(id: string): Promise<ProcessDefinition> {
    return toDefinition(await this.record(id));
  }

  async getXml(id: string): Promise<string> {
    return (await this.record(id)).xml;
  }

  private async record(id: string): Promise<DefinitionRecord> {
    const record = await this.definitions.get(id);
    if (!record) throw notFound('process definition', id);
    return record;
  }
}

/**
 * A deploy error without a code is either a bug or XML the parser could not read (bpmn-moddle throws plain
 * errors for that). Parse again to tell them apart — only on this failure path, so valid deploys pay
 * nothing: unreadable XML is the author's problem (422 with line and column), anything else stays a 500.
 */
/** A model error names the resource it came from; anything else goes on to the error middleware as it is. */
function explainDeployFailure(resource: Resource, error: unknown): never {
  if (error instanceof Error && Reflect.get(error, 'code') === 'MODEL_INVALID') {
    throw new ApiError('MODEL_INVALID', `${resource.name}: ${error.message}`, Reflect.get(error, 'details'));
  }
  throw error;
}

function kindOf(resource: Resource): 'bpmn' | 'dmn' | 'form' {
  const name = resource.name.toLowerCase();
  if (name.endsWith('.dmn')) return 'dmn';
  if (name.endsWith('.form')) return 'form';
  return 'bpmn';
}

function toDefinition(record: DefinitionRecord): ProcessDefinition {
  return {
    id: record.id,
    key: record.processId,
    version: record.version,
    name: record.name ?? null,
    deploymentId: record.deploymentId,
    deployedAt: record.deployedAt,
  };
}
