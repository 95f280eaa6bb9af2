import QRCode from 'qrcode';

/** Medium error correction: survives a smudged print while keeping a ~150-character URL at a scannable size. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;
const PNG_WIDTH = 384;

/** The public URL of a case code: `${publicBaseUrl}/case/${token}` (a trailing slash of the base is ignored). */
export function caseCodeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/case/${encodeURIComponent(token)}`;
}

export function caseCodeQrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', width: PNG_WIDTH });
}

export function caseCodeQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' });
}
