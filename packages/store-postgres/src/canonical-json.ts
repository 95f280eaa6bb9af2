/**
 * Canonical JSON for hashing: object keys sorted by code unit, no whitespace, `undefined` members dropped,
 * numbers as `JSON.stringify` writes them. The same value read back from `jsonb` gives the same text,
 * which is what lets the verifier recompute a hash from stored columns.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
