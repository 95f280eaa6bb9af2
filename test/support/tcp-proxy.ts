/**
 * A small fault-injecting TCP proxy on 127.0.0.1 in front of a real service (PostgreSQL, Redis). Tests point
 * their client at `proxy.port` and then add latency, cut every open connection, refuse new ones, and
 * restore — the service itself is never stopped.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface ProxyStats {
  /** Connections accepted and forwarded. */
  readonly accepted: number;
  /** Connections refused while refusing/cut. */
  readonly refused: number;
}

export class FaultProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private refusing = false;
  private latencyMs = 0;
  private stats = { accepted: 0, refused: 0 };
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  async start(): Promise<this> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get counts(): ProxyStats {
    return { ...this.stats };
  }

  /** Open forwarded connections right now. */
  get open(): number {
    return this.pairs.size;
  }

  /** Delays every chunk in both directions by `ms` (0 = none). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Destroys every open connection (like a crashed server or a dropped link); new ones still pass. */
  dropAll(): void {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Refuses new connections until {@link restore}. */
  refuseNew(): void {
    this.refusing = true;
  }

  /** Drops every connection and refuses new ones: the service is "down". */
  cut(): void {
    this.refuseNew();
    this.dropAll();
  }

  /** Accepts connections again and removes latency. */
  restore(): void {
    this.refusing = false;
    this.latencyMs = 0;
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      this.stats.refused += 1;
      client.destroy();
      return;
    }
    this.stats.accepted += 1;
    const upstream = connect(this.targetPort, this.targetHost);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const drop = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Copies data in order; with latency, each chunk waits `latencyMs` (order kept by a per-direction chain). */
  private forward(from: Socket, to: Socket): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const delay = this.latencyMs;
      if (delay === 0) {
        chain = chain.then(() => {
          if (!to.destroyed) to.write(chunk);
        });
        return;
      }
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              resolve();
            }, delay),
          ),
      );
    });
  }
}
