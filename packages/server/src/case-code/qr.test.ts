import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { CaseCodeTokenCodec } from './case-code-token.js';
import { caseCodeQrPng, caseCodeQrSvg, caseCodeUrl } from './qr.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJjaWQiOiJhIiwiaWlkIjoiYiIsInYiOjF9.c2lnbmF0dXJl';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('caseCodeUrl', () => {
  it('given a base with or without a trailing slash then the URL has one slash before case', () => {
    expect(caseCodeUrl('https://zf.example.gov.cn/', TOKEN)).toBe(`https://zf.example.gov.cn/case/${TOKEN}`);
    expect(caseCodeUrl('https://zf.example.gov.cn/zhifa', 'a.b.c')).toBe('https://zf.example.gov.cn/zhifa/case/a.b.c');
  });
});

describe('QR codes', () => {
  const url = caseCodeUrl('https://zf.example.gov.cn', TOKEN);

  it('given a case URL when rendered as PNG then it is a PNG of the configured width', async () => {
    const png = await caseCodeQrPng(url);
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    // IHDR follows the magic: width and height are the big-endian words at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(384);
    expect(png.readUInt32BE(20)).toBe(384);
    expect(png.length).toBeGreaterThan(500);
  });

  it('given a case URL when rendered as SVG then it is one well-formed svg element drawing the modules', async () => {
    const svg = await caseCodeQrSvg(url);
    expect(svg.trim()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(svg).toMatch(/<path [^>]*d="M[^"]+"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });

  it('given a real token then the SVG is the level-M symbol of exactly its URL, small enough to scan from print', async () => {
    const codec = new CaseCodeTokenCodec([{ kid: 'k2026', secret: 'x'.repeat(32) }]);
    // A 16-character case code id (as the service makes them) and a UUID instance id.
    const token = await codec.sign({ cid: 'AbCdEfGhIjKlMnOp', iid: '0b6f4c1e-8f1a-4c53-9a57-2f8e3f0f6d11', v: 1 });
    const realUrl = caseCodeUrl('https://zf.example.gov.cn', token);
    const code = QRCode.create(realUrl, { errorCorrectionLevel: 'M' });
    expect(code.segments.map((segment) => Buffer.from(segment.data).toString()).join('')).toBe(realUrl);
    // Version 11 (61 modules) is about 0.5 mm per module at 3 cm: still easy for a phone on a printed decision.
    expect(code.version).toBeLessThanOrEqual(11);
    const modules = 17 + 4 * code.version;
    const svg = await caseCodeQrSvg(realUrl);
    expect(svg).toContain(`viewBox="0 0 ${modules + 4} ${modules + 4}"`);
  });
});
