/** Keyset page: pass back `next` from the previous page as `after`. */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

/** Reads an opaque `[sortKey, id]` cursor; anything malformed counts as "from the start". */
export function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' ? [parsed[0], parsed[1]] : undefined;
  } catch {
    return undefined;
  }
}

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}
