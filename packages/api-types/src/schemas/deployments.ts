import { z } from 'zod';
import { IsoDateTime } from './common.js';

/** A resource file of a deployment: `.bpmn`, `.form` or `.dmn`, told apart by its name. */
export const DeploymentResource = z.object({
  name: z.string().min(1).max(200).regex(/\.(bpmn|bpmn20\.xml|form|dmn)$/i, 'name must end in .bpmn, .form or .dmn'),
  content: z.string().min(1),
});

export const CreateDeploymentRequest = z.object({
  name: z.string().min(1).max(200),
  resources: z.array(DeploymentResource).min(1).max(50),
});
export type CreateDeploymentRequest = z.infer<typeof CreateDeploymentRequest>;

export const ProcessDefinitionRef = z.object({ id: z.string(), key: z.string(), version: z.number().int() });

export const Deployment = z.object({
  id: z.string(),
  name: z.string(),
  deployedAt: IsoDateTime,
  processDefinitions: z.array(ProcessDefinitionRef),
});
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentList = z.array(Deployment);

export const ProcessDefinition = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  name: z.string().nullable(),
  deploymentId: z.string(),
  deployedAt: IsoDateTime,
});
export type ProcessDefinition = z.infer<typeof ProcessDefinition>;
export const ProcessDefinitionList = z.array(ProcessDefinition);
export const ProcessDefinitionQuery = z.object({ key: z.string().max(200).optional() });

/** A deployed form-js schema (latest version of its key unless asked by id). */
export const FormDefinition = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  deploymentId: z.string(),
  deployedAt: IsoDateTime,
  schema: z.unknown().describe('form-js schema (JSON)'),
});
export type FormDefinition = z.infer<typeof FormDefinition>;
export const FormDefinitionList = z.array(FormDefinition.omit({ schema: true }));
