import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the web app's build with an SPA fallback: any GET that is not under /api (or the operational
 * endpoints) and matches no file gets index.html. Returns undefined when the build is absent.
 */
export function staticWeb(distDir: string): Router | undefined {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) return undefined;
  const router = express.Router();
  router.use(express.static(distDir, { index: false, maxAge: '1h', fallthrough: true }));
  router.get(/^\/(?!api\/|api$|healthz|readyz|metrics).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
