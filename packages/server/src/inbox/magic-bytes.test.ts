import { describe, expect, it } from 'vitest';
import { agreedType, detectType, sanitiseName } from './magic-bytes.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from([...b, 0, 0, 0, 0]);

describe('attachment type by magic bytes', () => {
  it('given the first bytes of each accepted type, when detected, then the type is named', () => {
    expect(detectType(bytes(0x25, 0x50, 0x44, 0x46, 0x2d))).toBe('application/pdf');
    expect(detectType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(detectType(bytes(0xff, 0xd8, 0xff))).toBe('image/jpeg');
    expect(detectType(bytes(0x50, 0x4b, 0x03, 0x04))).toBe('application/zip');
    expect(detectType(new TextEncoder().encode('#!/bin/sh\n'))).toBeUndefined();
  });

  it('given a ZIP declared as PNG, when compared, then they disagree; declared DOCX is kept', () => {
    expect(agreedType('application/zip', 'image/png')).toBeUndefined();
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(agreedType('application/zip', docx)).toBe(docx);
    expect(agreedType('image/png', 'application/octet-stream')).toBe('image/png');
  });

  it('given hostile names, when sanitised, then only a bare file name remains', () => {
    expect(sanitiseName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(sanitiseName('a\u0000b"<c>.png')).toBe('abc.png');
    expect(sanitiseName('...')).toBe('attachment');
  });
});
