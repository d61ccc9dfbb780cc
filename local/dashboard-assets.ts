/**
 * Builds the dashboard page into a directory the local HTTP server serves:
 * `index.html`, `app.js` (the page and uPlot, bundled and minified) and
 * `app.css` (the page's styles and uPlot's), each with a source map.
 *
 * `index.html` also gets `src/preload.ts`, bundled and inlined in place of
 * its `<!-- preload -->` marker, so that the first view's API requests start
 * while the page is still loading instead of after `app.js` has run.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { build } from 'esbuild';

/** Where the page's sources live: `dashboard/` at the repository root. */
export const DASHBOARD_SOURCE_DIR = path.resolve(__dirname, '..', 'dashboard');

const PRELOAD_MARKER = '<!-- preload -->';
const TARGETS = ['chrome110', 'firefox115', 'safari16'];

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
      target: TARGETS,
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
      target: TARGETS,
      logLevel: 'silent',
    }),
    buildIndexHtml(outDir),
  ]);
  return outDir;
}

async function buildIndexHtml(outDir: string): Promise<void> {
  const [html, preload] = await Promise.all([
    readFile(path.join(DASHBOARD_SOURCE_DIR, 'index.html'), 'utf8'),
    build({
      absWorkingDir: DASHBOARD_SOURCE_DIR,
      entryPoints: [path.join(DASHBOARD_SOURCE_DIR, 'src', 'preload.ts')],
      write: false,
      bundle: true,
      minify: true,
      format: 'iife',
      target: TARGETS,
      platform: 'browser',
      tsconfig: path.join(DASHBOARD_SOURCE_DIR, 'tsconfig.json'),
      legalComments: 'none',
      logLevel: 'silent',
    }),
  ]);
  if (!html.includes(PRELOAD_MARKER)) throw new Error(`dashboard/index.html has no ${PRELOAD_MARKER} marker`);
  // A string literal in the bundle could hold `</script`: escape it so it cannot end the element early.
  const script = (preload.outputFiles[0]?.text ?? '').trim().replace(/<\/script/gi, '<\\/script');
  await writeFile(
    path.join(outDir, 'index.html'),
    html.replace(PRELOAD_MARKER, () => `<script>${script}</script>`),
  );
}
