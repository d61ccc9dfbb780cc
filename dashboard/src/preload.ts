/**
 * Inlined into `index.html`'s `<head>` by the build: starts the first view's
 * requests while the rest of the page loads. See `initial-load.ts`.
 */
import { startInitialLoad } from './initial-load';

window.__initialLoad = startInitialLoad(location.search);
