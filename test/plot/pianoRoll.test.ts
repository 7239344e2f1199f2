// The PNG writer against the PNG spec (CRC-32 check value, chunk layout, zlib stream) and the roll's pixels.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pianoRollImage, pianoRollPng } from '../../src/plot/pianoRoll.ts';
import { crc32, encodePng } from '../../src/plot/png.ts';

describe('png', () => {
  it('CRC-32 of "123456789" is the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('encodes IHDR, IDAT, IEND with valid CRCs and the pixels back out of the zlib stream', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]);
    const png = encodePng({ width: 2, height: 2, rgb });
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length; ) {
      const len = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + len);
      expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      chunks.push({ type, data });
      at += 12 + len;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([...chunks[0].data]).toEqual([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    const raw = inflateSync(chunks[1].data);
    expect([...raw]).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 9, 9]);
  });
});

describe('piano roll', () => {
  it('draws a full-velocity note in its colour where its pitch and time fall', () => {
    const panel = { notes: [{ pitch: 60, start: 0, duration: 48, velocity: 127 }], ticks: 96, barTicks: 96, color: [200, 0, 0] as [number, number, number] };
    const img = pianoRollImage([[panel]], { pxPerBar: 100, rowHeight: 30, gap: 0 });
    expect(img.width).toBe(100);
    expect(img.height).toBe(30);
    const px = (x: number, y: number) => [...img.rgb.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    expect(px(20, 15)).toEqual([200, 0, 0]); // the note: first half, middle row of three (59..61)
    expect(px(80, 15)).toEqual([250, 250, 250]); // after it ends
    expect(pianoRollPng([[panel]]).subarray(1, 4).toString()).toBe('PNG');
  });
});
