import endEventRequired from 'bpmnlint/rules/end-event-required';
import fakeJoin from 'bpmnlint/rules/fake-join';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import {
  exclusiveGatewayRule, timerDefinitionRule, unsupportedElementRule, userTaskAssigneeRule,
} from './zhifa-rules.js';

type RuleFactory = () => { check: unknown };

/** Rule factories by bpmnlint package and rule name: a static resolver, so the browser loads no rule at run time. */
const rulesByPackage: Readonly<Record<string, Readonly<Record<string, RuleFactory>>>> = {
  'bpmnlint-plugin-zhifa': {
    'unsupported-element': unsupportedElementRule,
    'user-task-assignee': userTaskAssigneeRule,
    'timer-definition': timerDefinitionRule,
    'exclusive-gateway-default': exclusiveGatewayRule,
  },
  bpmnlint: {
    'start-event-required': startEventRequired,
    'end-event-required': endEventRequired,
    'no-disconnected': noDisconnected,
    'no-implicit-split': noImplicitSplit,
    'fake-join': fakeJoin,
    'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  },
};

export const lintRules = {
  'zhifa/unsupported-element': 'error',
  'zhifa/user-task-assignee': 'error',
  'zhifa/timer-definition': 'error',
  'zhifa/exclusive-gateway-default': 'error',
  'start-event-required': 'error',
  'end-event-required': 'error',
  'no-disconnected': 'warn',
  'no-implicit-split': 'warn',
  'fake-join': 'warn',
  'no-duplicate-sequence-flows': 'error',
} as const;

export const linterConfig = {
  config: { rules: lintRules },
  resolver: {
    resolveRule(pkg: string, ruleName: string): RuleFactory {
      const rule = rulesByPackage[pkg]?.[ruleName];
      if (!rule) throw new Error(`unknown lint rule ${pkg}/${ruleName}`);
      return rule;
    },
    resolveConfig(pkg: string, configName: string): never {
      throw new Error(`no lint config ${pkg}/${configName}`);
    },
  },
};

/** How many lint errors (not warnings) a `Linter.lint` result holds: `{ ruleName: [{ category }] }`. */
export function countLintErrors(results: unknown): number {
  if (typeof results !== 'object' || results === null) return 0;
  return Object.values(results).flatMap((reports: unknown) => (Array.isArray(reports) ? reports : []))
    .filter((report: unknown) => typeof report === 'object' && report !== null && Reflect.get(report, 'category') === 'error').length;
}
