/**
 * The headless Chromium that the browser test and `bench:dashboard` drive:
 * Debian's `chromium` package (installed by `.ci/run`), with the switches that
 * keep it from reaching the network or doing background work.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
