import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: built from app/ into dist/app, served by `hotpot serve` and loaded by Electron.
// Relative asset paths so the same build works from file:// (Electron) and from the server.
export default defineConfig({
  root: 'app',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
