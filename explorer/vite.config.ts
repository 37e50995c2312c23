import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Two pages, one bundle folder: the gateway serves dist/ under /explorer/ (assets) and dist/registry.html at /registry/.
// Paths are relative to this folder (the build runs here: npm run build -w explorer).
export default defineConfig({
  base: '/explorer/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: { index: 'index.html', registry: 'registry.html' } },
  },
});
