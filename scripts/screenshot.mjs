// Screenshot the page once it has drawn (for the README).
//   node scripts/screenshot.mjs URL|DIR OUT.png WIDTH HEIGHT [dark|light] [sweep]
// With `sweep`: runs the stall lesson's sweep ("Sweep the limit") and shoots
// the viewport scrolled to the sweep panel once its chart is drawn.
// URL: a running server (e.g. scripts/serve.sh); DIR: a built site such as dist/,
// served here on a free port. Waits for body[data-ready="1"], then for the
// hero's animation to reach the middle of the run (the third wave), so every
// shot shows dots waiting, holding a connection and done.
import fs from 'node:fs';
import { serve, launchChromium, waitReady } from '../tests/e2e/lib.mjs';

const [target, out, width = '1280', height = '900', scheme, what] = process.argv.slice(2);
if (!target || !out) {
  console.error('usage: node scripts/screenshot.mjs URL|DIR OUT.png [WIDTH HEIGHT] [dark|light] [sweep]');
  process.exit(2);
}
const server = /^https?:/.test(target) ? null : await serve(target);
const url = server ? server.url + '/' : target;
if (server && !fs.existsSync(`${target}/index.html`)) console.error(`warning: no ${target}/index.html`);

const browser = await launchChromium();
try {
  const page = await browser.newPage({
    viewport: { width: Number(width), height: Number(height) },
    colorScheme: scheme === 'dark' ? 'dark' : 'light',
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await waitReady(page);
  await page.waitForFunction(() => {
    const t = Number(document.getElementById('hero')?.dataset.tUs ?? 0);
    return t > 200_000 && t % 50_000 > 20_000 && t % 50_000 < 40_000; // mid-wave, not between two
  });
  await page.click('#hero-play'); // pause there
  if (what === 'sweep') {
    await page.click('#sweep-lesson');
    await page.waitForFunction(() => document.getElementById('sweep').dataset.state === 'done');
    await page.waitForTimeout(1000); // the button's smooth scroll ends
    await page.$eval('#sweep', (el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
    await page.waitForTimeout(300); // the redraw at the panel's final size
  }
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: out });
  console.log(`screenshot: ${out} (${width}x${height}${scheme === 'dark' ? ', dark' : ''}${what ? `, ${what}` : ''}) of ${url}`);
} finally {
  await browser.close();
  server?.close();
}
