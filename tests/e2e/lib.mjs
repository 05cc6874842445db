// Shared by tests/e2e/run.mjs and scripts/screenshot.mjs: a tiny static file
// server, the Chromium launch options, and the page's ready marker.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve directory `dir` on a free 127.0.0.1 port. Resolves to { url, close }. */
export function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, urlPath);
    if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'forbidden');
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      // Like real servers: /poolsim -> /poolsim/, so relative URLs resolve inside it.
      if (!urlPath.endsWith('/')) return send(res, 301, '', { Location: urlPath + '/' });
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) return send(res, 404, 'not found');
    const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    send(res, 200, fs.readFileSync(file), { 'Content-Type': type });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Debian's Chromium: Playwright's own browser download is unreachable here. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The page sets body[data-ready="1"] once the first simulation is drawn. */
export async function waitReady(page, timeout = 30_000) {
  await page.waitForFunction(() => document.body?.dataset.ready === '1', null, { timeout });
}
