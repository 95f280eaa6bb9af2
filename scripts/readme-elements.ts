/**
 * Prints the README's "Supported BPMN elements" table from the engine's registry, or with `--write` replaces
 * it in README.md between the `elements:start` / `elements:end` markers. `test/readme.test.ts` fails when the
 * README and the registry disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_FLOW_NODES, IGNORED_PROCESS_ELEMENTS } from '@zhifa/engine';

export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- elements:start -->';
const END = '<!-- elements:end -->';

export function elementsTable(): string {
  const rows = Object.entries(SUPPORTED_FLOW_NODES).map(([bpmnType, { events }]) => {
    const kinds = events.length === 0 ? '—' : events.join(', ');
    return `| \`${bpmnType}\` | ${kinds} |`;
  });
  return [
    '| element | event definitions |',
    '|---|---|',
    ...rows,
    '',
    `Carried along but never executed: ${IGNORED_PROCESS_ELEMENTS.map((t) => `\`${t}\``).join(', ')}.`,
  ].join('\n');
}

export function withElementsTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md has no elements markers');
  return `${readme.slice(0, start + START.length)}\n${elementsTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    writeFileSync(README_PATH, withElementsTable(readFileSync(README_PATH, 'utf8')));
  } else {
    process.stdout.write(`${elementsTable()}\n`);
  }
}
