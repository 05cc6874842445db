// End-to-end tests in Debian's Chromium.
//   node tests/e2e/run.mjs [DIR] [FILTER]
// Serves DIR (default: dist/) on a free port, and a copy of it under /poolsim/ on
// a second server (to test sub-path hosting, as on GitHub Pages). Runs every
// tests/e2e/*.test.mjs whose name contains FILTER. Each exported function of a
// test file is a test, called with { page, baseUrl, subpathUrl, assert, waitReady }
// in a fresh browser context. A test fails if it throws, or on any console error,
// uncaught page error, failed request, HTTP status >= 400, or request that
// leaves the served origins. Exits non-zero if any test failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, launchChromium, waitReady } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '../../dist'));
const filter = process.argv[3] ?? '';
const TEST_TIMEOUT_MS = 60_000;
const artifacts = path.join(here, 'artifacts');

fs.rmSync(artifacts, { recursive: true, force: true }); // only this run's failures
if (!fs.existsSync(path.join(dir, 'index.html'))) {
  console.error(`e2e: ${dir}/index.html not found: run scripts/build-dist.sh first`);
  process.exit(2);
}

// The site at the root of one server, and a copy at /poolsim/ of another.
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'poolsim-e2e-'));
fs.cpSync(dir, path.join(parent, 'poolsim'), { recursive: true });
const [rootServer, subServer] = await Promise.all([serve(dir), serve(parent)]);
const baseUrl = rootServer.url + '/';
const subpathUrl = subServer.url + '/poolsim/';
const origins = new Set([rootServer.url, subServer.url]);

const files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
const tests = [];
for (const file of files) {
  const mod = await import(pathToFileURL(path.join(here, file)));
  for (const [name, fn] of Object.entries(mod)) {
    const id = file.replace(/\.test\.mjs$/, '') + (name === 'default' ? '' : `:${name}`);
    if (typeof fn === 'function' && id.includes(filter)) tests.push({ id, fn });
  }
}
if (tests.length === 0) {
  console.error(`e2e: no tests matched "${filter}" in ${here}`);
  process.exit(2);
}

const browser = await launchChromium();
let failed = 0;
for (const { id, fn } of tests) {
  const t0 = Date.now();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = await watch(page, context);
  let error = null;
  try {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
    });
    await Promise.race([fn({ page, baseUrl, subpathUrl, assert, waitReady }), timeout])
      .finally(() => clearTimeout(timer));
    await page.waitForTimeout(100); // let late console errors arrive
  } catch (e) {
    error = e;
  }
  if (error || errors.length) {
    failed++;
    console.log(`FAIL ${id} (${Date.now() - t0} ms)`);
    if (error) console.log('  ' + String(error.stack ?? error).split('\n').slice(0, 6).join('\n  '));
    for (const e of errors) console.log(`  ${e}`);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `${id.replace(/\W/g, '_')}.png`) }).catch(() => {});
  } else {
    console.log(`PASS ${id} (${Date.now() - t0} ms)`);
  }
  await context.close();
}
await browser.close();
rootServer.close();
subServer.close();
fs.rmSync(parent, { recursive: true, force: true });
console.log(`e2e: ${tests.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Collect everything that makes a test fail even if its assertions pass. */
async function watch(page, context) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (origins.has(new URL(r.url()).origin)) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  // Nothing may leave the origin: abort and report any other http(s) request.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && !origins.has(url.origin)) {
      errors.push(`request to another origin: ${url.href}`);
      return route.abort();
    }
    return route.continue();
  });
  return errors;
}
