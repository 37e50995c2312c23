import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// One page for two apps (src/main.tsx picks one by path): the gateway serves dist/ under /explorer/ (assets) and
// dist/index.html at both /explorer/ and /registry/.
// Paths are relative to this folder (the build runs here: npm run build -w explorer).
export default defineConfig({
  base: '/explorer/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
