/** Real BPMN files to mutate: the office's processes/ and, when present, the shared conformance corpus. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.(bpmn|bpmn20\.xml)$/.test(name) ? [path] : [];
  });
}

export function loadBpmnSources(): { readonly name: string; readonly xml: string }[] {
  const files = [...walk(join(repoRoot, 'processes')), ...walk(resolve(repoRoot, '..', 'shared', 'conformance'))];
  return files.map((path) => ({ name: path.slice(repoRoot.length - 4), xml: readFileSync(path, 'utf8') }));
}
