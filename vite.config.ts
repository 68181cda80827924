import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { musicMetadataOnce } from './scripts/music-metadata-once.ts';

export default defineConfig({
  plugins: [
    svelte(),
    musicMetadataOnce(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Music Organizer',
        short_name: 'Organizer',
        description: 'Turn a chaotic music folder into a clean library, offline, in your browser.',
        theme_color: '#1d1b2e',
        background_color: '#f7f5f0',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The app is one page; every navigation offline gets it.
        navigateFallback: 'index.html',
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [musicMetadataOnce()] },
  optimizeDeps: { include: ['music-metadata', 'strtok3', 'comlink', 'idb'], rolldownOptions: { plugins: [musicMetadataOnce()] } },
  build: { target: 'es2022', sourcemap: true },
});
