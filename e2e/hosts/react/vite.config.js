import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built app works from any path (the test serves it at /).
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  // Dev server only: the dependency pre-bundler (esbuild) would copy define.js and the
  // panel's module into node_modules/.vite/deps/ without the .wasm beside them, so the
  // `new URL('./privatelink-panel_bg.wasm', import.meta.url)` there would 404. Serving the
  // package as it is keeps the wasm next to its module.
  optimizeDeps: { exclude: ['privatelink-panel'] },
});
