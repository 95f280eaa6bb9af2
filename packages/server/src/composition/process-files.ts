import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const DEPLOYABLE = /\.(bpmn|form|dmn)$/i;

/** Deployable files (`.bpmn`, `.form`, `.dmn`) of a folder, recursively, sorted by path. */
export function findProcessFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...findProcessFiles(full));
    else if (DEPLOYABLE.test(entry)) files.push(full);
  }
  return files;
}

export function readResource(file: string): { name: string; content: string } {
  return { name: path.basename(file), content: readFileSync(file, 'utf8') };
}
