import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { musicMetadataOnce } from './scripts/music-metadata-once.ts';
import { readFixtureLibrary, runScriptOnFixtureLibrary } from './test/support/script-commands.ts';
import { musicBrainzLog, musicBrainzStart, musicBrainzStop, musicBrainzTrouble } from './test/support/musicbrainz-server.ts';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
          // Property tests draw new seeds each run and CI shares 2 cores: a slow draw is not a failure.
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte(), musicMetadataOnce()],
        worker: { format: 'es', plugins: () => [musicMetadataOnce()] },
        optimizeDeps: { include: ['music-metadata', 'strtok3', 'comlink', 'idb'], rolldownOptions: { plugins: [musicMetadataOnce()] } },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromium, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            // Node-side helpers for what a page cannot do: read files from disk, run an exported script with /bin/sh.
            commands: { readFixtureLibrary, runScriptOnFixtureLibrary, musicBrainzStart, musicBrainzTrouble, musicBrainzLog, musicBrainzStop },
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The built app in Debian's firefox-esr over WebDriver BiDi (puppeteer-core): the read-only path.
          name: 'firefox',
          include: ['test/firefox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
