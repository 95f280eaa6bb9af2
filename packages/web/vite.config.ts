import { defineConfig } from 'vite';

/** Built into dist/, which the server serves at `/` with an SPA fallback to index.html. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
