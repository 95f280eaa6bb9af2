/** Renders the registry as the README's "supported elements" table, so docs and validation cannot drift. */
import { IGNORED_PROCESS_ELEMENTS, SUPPORTED_FLOW_NODES } from './registry.js';

export function supportedElementsMarkdown(): string {
  const rows = Object.entries(SUPPORTED_FLOW_NODES).map(([bpmnType, spec]) => {
    const events: readonly string[] = spec.events;
    return `| \`${bpmnType}\` | ${events.length ? events.join(', ') : '—'} |`;
  });
  return [
    '| element | event definitions |',
    '|---|---|',
    ...rows,
    '',
    `Carried along, not executed: ${IGNORED_PROCESS_ELEMENTS.map((t) => `\`${t}\``).join(', ')}. Anything else is refused at deploy.`,
  ].join('\n');
}
