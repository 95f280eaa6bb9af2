/**
 * S2: XML attacks at compile: external entities, billion laughs, DOCTYPE, 20k nesting, 10 MB attributes and
 * bodies. Each is refused (or, for the plain 4 MB name just under the cap, harmlessly compiled) within 1 s,
 * with a ZhifaError; no connection reaches the local listener the external entities point at; the event
 * loop is never blocked for more than 1 s. A plain DOCTYPE (no entities) is in s2-plain-doctype.test.ts.
 */
import { createServer, type Server } from 'node:net';
import { compileBpmn, ZhifaError } from '@zhifa/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xmlAttacks } from './support/xml-attacks.js';

describe('S2 XML attacks at compile', () => {
  let listener: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
    const address = listener.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => new Promise<void>((resolve) => listener.close(() => resolve())));

  it('given each attack, when compiled, then it is refused with a ZhifaError in under 1 s and nothing connects out', async () => {
    const rows: string[] = [];
    const problems: string[] = [];
    let worstLag = 0;
    for (const attack of xmlAttacks(port)) {
      // A ticking timer measures how long the event loop was blocked while compiling.
      let last = performance.now();
      let lag = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        lag = Math.max(lag, now - last - 10);
        last = now;
      }, 10);
      const started = performance.now();
      let outcome: string;
      try {
        const compiled = await compileBpmn(attack.xml);
        const name = compiled.processes[0]?.name ?? '';
        // Only a harmless compile is acceptable: no entity text expanded into the model.
        outcome = name.includes('lol') || name.includes('root:') ? 'EXPANDED' : 'compiled';
      } catch (error) {
        outcome = error instanceof ZhifaError ? error.code : `crash ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`;
      }
      const ms = performance.now() - started;
      await new Promise((r) => setTimeout(r, 20));
      clearInterval(tick);
      worstLag = Math.max(worstLag, lag);
      rows.push(`${attack.name}: ${outcome} in ${Math.round(ms)} ms`);
      const harmlessCompile = outcome === 'compiled' && attack.name.startsWith('4 MB');
      if (!harmlessCompile && (outcome.startsWith('crash') || outcome === 'EXPANDED' || outcome === 'compiled')) problems.push(`${attack.name}: ${outcome}`);
      if (ms > 1000) problems.push(`${attack.name}: took ${Math.round(ms)} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
    console.log(`S2: ${rows.length} XML attacks → ${rows.join('; ')}; outbound connections ${connections}; worst event-loop block ${Math.round(worstLag)} ms`);
    expect(connections).toBe(0);
    expect(problems).toEqual([]);
    expect(worstLag).toBeLessThan(1000);
  }, 60_000);
});
