import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built app works from any path (the test serves it at /).
  base: './',
  plugins: [
    vue({
      template: {
        // Without this, Vue resolves <privatelink-panel> as a Vue component, warns
        // "Failed to resolve component" and renders it through resolveComponent.
        compilerOptions: { isCustomElement: (tag) => tag === 'privatelink-panel' },
      },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true },
  // Dev server only: see react/vite.config.js (the wasm must stay beside its module).
  optimizeDeps: { exclude: ['privatelink-panel'] },
});
