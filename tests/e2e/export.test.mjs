// Export: the summary as JSON, the series as CSV, a chart as PNG, and the
// client code for aiohttp, httpx and Go.
import fs from 'node:fs';
import { openControls } from './page.mjs';

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

export async function downloadsJsonCsvAndPng({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const json = await download(page, '#dl-json');
  assert.equal(json.name, 'poolsim-summary.json');
  const summary = JSON.parse(json.bytes.toString());
  assert.equal(summary.peak_in_flight, 100);
  assert.equal(summary.engine_version, '3');
  const csv = await download(page, '#dl-csv');
  assert.equal(csv.name, 'poolsim-series.csv');
  assert.match(csv.bytes.toString().split('\n')[0], /^t_ms,in_flight,/);
  const png = await download(page, 'figure[data-chart="latency"] button.png');
  assert.equal(png.name, 'poolsim-latency.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
}

export async function showsTheCodeForEachClient({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#code-details summary');
  await page.waitForFunction(() => /TCPConnector/.test(document.getElementById('snippet').textContent));
  assert.match(await page.textContent('#snippet'), /aiohttp\.TCPConnector\([\s\S]*limit=100,/);
  await page.click('#snippet-tabs button[data-client="httpx"]');
  assert.match(await page.textContent('#snippet'), /httpx\.Limits\(/);
  await page.click('#snippet-tabs button[data-client="go"]');
  assert.match(await page.textContent('#snippet'), /slots := make\(chan struct\{\}, 100\)/);
  assert.equal(await page.getAttribute('#snippet-tabs button[data-client="go"]', 'aria-pressed'), 'true');
}

/** The code shown speaks the lesson's library (Go's lesson: Go) until the user picks a tab. */
export async function theCodeTabFollowsTheLessonsLibrary({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#lesson=go_idle`);
  await waitReady(page);
  await page.click('#code-details summary');
  assert.equal(await page.getAttribute('#snippet-tabs button[data-client="go"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#snippet'), /package main[\s\S]*MaxIdleConnsPerHost/);
  await page.click('#lesson-list button[data-lesson="stall"]');
  await page.waitForFunction(() => /TCPConnector/.test(document.getElementById('snippet').textContent));
  assert.equal(await page.getAttribute('#snippet-tabs button[data-client="aiohttp"]', 'aria-pressed'), 'true');
  await page.click('#snippet-tabs button[data-client="httpx"]');
  await page.click('#lesson-list button[data-lesson="go_idle"]');
  await page.waitForFunction(() => location.hash.includes('lesson=go_idle'));
  await page.waitForFunction(() => /MaxIdleConnsPerHost|max_keepalive/.test(document.getElementById('snippet').textContent));
  assert.equal(await page.getAttribute('#snippet-tabs button[data-client="httpx"]', 'aria-pressed'), 'true', 'a picked tab stays');
}

export async function presetPickerAppliesALibrary({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await openControls(page);
  await page.selectOption('#preset-picker', 'httpx');
  await page.waitForFunction(() => document.getElementById('pool_keepalive_timeout_s-num').value === '5');
  assert.match(await page.textContent('#preset-help'), /httpx/);
  assert.match(page.url(), /keepalive_timeout_s=5/);
}
