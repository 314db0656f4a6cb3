import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// @parley/shared is compiled from its TypeScript sources (the same engine the server runs).
// `npm run dev -w client` proxies the API and sockets to a server on :3000.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@parley/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
      '/chat': 'http://127.0.0.1:3000',
    },
  },
});
