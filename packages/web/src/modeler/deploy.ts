import { ApiPath, type Deployment, type ProcessDefinition } from '@zhifa/api-types';
import { apiJson, apiText } from '../app/api-client.js';
import { formResourceName, getDraft } from '../forms/form-drafts.js';

export interface DeployedVersion {
  readonly definition: ProcessDefinition;
  readonly xml: string;
}

/** The latest deployed version of a process key, if there is one. */
export async function latestDeployed(key: string): Promise<DeployedVersion | undefined> {
  const definitions = await apiJson<readonly ProcessDefinition[]>(ApiPath.processDefinitions, { query: { key } });
  const latest = definitions.filter((definition) => definition.key === key).sort((a, b) => b.version - a.version)[0];
  if (!latest) return undefined;
  return { definition: latest, xml: await apiText(ApiPath.processDefinitionXml, { params: { id: latest.id } }) };
}

/** Deploys the diagram together with the drafts of the forms its user tasks link (`zeebe:formDefinition formId`). */
export async function deployDiagram(name: string, key: string, xml: string, linkedFormIds: readonly string[]): Promise<Deployment> {
  const forms = [...new Set(linkedFormIds)].flatMap((formId) => {
    const draft = getDraft(formId);
    return draft ? [{ name: formResourceName(formId), content: JSON.stringify(draft, null, 2) }] : [];
  });
  return apiJson<Deployment>(ApiPath.deployments, {
    method: 'POST',
    body: { name, resources: [{ name: `${key}.bpmn`, content: xml }, ...forms] },
  });
}
