/** File types accepted as attachments, recognised by their first bytes (never by name or declared type). */
export const AttachmentType = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  /** Any ZIP container: DOCX, XLSX and OFD (GB/T 33190) are all ZIP packages. */
  zip: 'application/zip',
} as const;
export type AttachmentType = (typeof AttachmentType)[keyof typeof AttachmentType];

const signatures: readonly { readonly type: AttachmentType; readonly bytes: readonly number[] }[] = [
  { type: AttachmentType.pdf, bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: AttachmentType.png, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: AttachmentType.jpeg, bytes: [0xff, 0xd8, 0xff] },
  { type: AttachmentType.zip, bytes: [0x50, 0x4b, 0x03, 0x04] },
];

export function detectType(content: Uint8Array): AttachmentType | undefined {
  return signatures.find((s) => s.bytes.every((b, i) => content[i] === b))?.type;
}

/** Declared content types that a detected type may arrive as (browsers send the Office/OFD types for ZIPs). */
const compatible: Readonly<Record<AttachmentType, readonly string[]>> = {
  [AttachmentType.pdf]: ['application/pdf'],
  [AttachmentType.png]: ['image/png'],
  [AttachmentType.jpeg]: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  [AttachmentType.zip]: [
    'application/zip',
    'application/x-zip-compressed',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/ofd',
  ],
};

/**
 * The type to store: the declared one when it agrees with the bytes (so a DOCX downloads as a DOCX), else
 * undefined. `application/octet-stream` (a client that does not know) takes the detected type.
 */
export function agreedType(detected: AttachmentType, declared: string): string | undefined {
  const bare = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  if (bare === 'application/octet-stream' || bare === '') return detected;
  return compatible[detected].includes(bare) ? bare : undefined;
}

/** The original name as metadata only: no path, no control characters, bounded. */
export function sanitiseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/^\.+/, '').trim().slice(0, 200);
  return clean === '' ? 'attachment' : clean;
}
