const DRAFT_KEY = 'zhifa.modeler.draft';

/** The tab's working copy: survives a language switch, a visit to another page and an expired login. */
interface Draft {
  /** The deployed definition it was opened from; null for a new or imported diagram. */
  readonly origin: string | null;
  readonly xml: string;
}

function isDraft(value: unknown): value is Draft {
  return typeof value === 'object' && value !== null && 'xml' in value && typeof value.xml === 'string'
    && 'origin' in value && (value.origin === null || typeof value.origin === 'string');
}

export function loadDraft(): Draft | undefined {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null');
    return isDraft(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(origin: string | null, xml: string): void {
  sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ origin, xml } satisfies Draft));
}
