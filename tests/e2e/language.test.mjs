// English and 中文: the switch relabels the page and the charts, and is remembered.
import { chartPixels } from './page.mjs';

export async function switchesAndRemembers({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const englishChart = await chartPixels(page);
  await page.click('.lang button[data-lang="zh"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#lessons-h'), '课程');
  assert.equal(await page.textContent('#lesson-title'), '卡在 100');
  assert.match(await page.textContent('#kn-peak_in_flight'), /最大并发/);
  assert.equal(await page.getAttribute('.lang button[data-lang="zh"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('label[for="pool_limit"]'), /上限/);
  // The worker redraws the charts with Chinese labels (asynchronously).
  await page.waitForFunction((before) => document.getElementById('chart-inflight').toDataURL() !== before, englishChart);
  assert.notEqual(await chartPixels(page), englishChart, 'chart labels are redrawn in Chinese');
  await page.reload();
  await waitReady(page);
  assert.equal(await page.textContent('#lessons-h'), '课程', 'remembered after a reload');
  await page.click('.lang button[data-lang="en"]');
  assert.equal(await page.textContent('#lessons-h'), 'Lessons');
}
