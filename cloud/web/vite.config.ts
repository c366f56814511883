import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Each client is its own HTML entry point (Vite multi-page app) so a citizen's phone downloads only the citizen
 * client plus the small shared chunk. The cloud serves `web/dist` as static files; no CDN, no external fonts.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Vite 8 names this rolldownOptions; rollupOptions is its deprecated alias.
    rolldownOptions: {
      input: {
        start: page('./index.html'),
        staff: page('./staff/index.html'),
        citizen: page('./citizen/index.html'),
        nightwatch: page('./nightwatch/index.html'),
        support: page('./support/index.html'),
        admin: page('./admin/index.html'),
        dashboard: page('./dashboard/index.html'),
        watch: page('./watch/index.html'),
      },
    },
  },
});
