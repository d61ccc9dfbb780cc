/**
 * Builds the dashboard page into a directory the local HTTP server serves:
 * `index.html`, `app.js` (the page and uPlot, bundled and minified) and
 * `app.css` (the page's styles and uPlot's), each with a source map.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { build } from 'esbuild';

/** Where the page's sources live: `dashboard/` at the repository root. */
export const DASHBOARD_SOURCE_DIR = path.resolve(__dirname, '..', 'dashboard');

/** Bundles the dashboard into `outDir` (created if missing) and returns `outDir`. */
export async function buildDashboardAssets(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    build({
      absWorkingDir: DASHBOARD_SOURCE_DIR,
      entryPoints: { app: path.join(DASHBOARD_SOURCE_DIR, 'src', 'main.ts') },
      outdir: outDir,
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      format: 'iife',
      target: ['chrome110', 'firefox115', 'safari16'],
      platform: 'browser',
      tsconfig: path.join(DASHBOARD_SOURCE_DIR, 'tsconfig.json'),
      legalComments: 'linked',
      logLevel: 'silent',
    }),
    build({
      absWorkingDir: DASHBOARD_SOURCE_DIR,
      entryPoints: { app: path.join(DASHBOARD_SOURCE_DIR, 'styles.css') },
      outdir: outDir,
      bundle: true,
      minify: true,
      sourcemap: 'linked',
      target: ['chrome110', 'firefox115', 'safari16'],
      logLevel: 'silent',
    }),
    copyFile(path.join(DASHBOARD_SOURCE_DIR, 'index.html'), path.join(outDir, 'index.html')),
  ]);
  return outDir;
}
