// 中文 mode shows no English: every visible text, aria-label and the <title>,
// on the first screen and in several lessons, with the full controls open.
// Code identifiers are allowed (aiohttp's limit=100, TIME_WAIT, p99…): a word
// with an underscore, dot, digit, capital inside or a bracket next to it, and
// a short list of names of products and protocols. The language buttons name
// each language in itself (English, 中文). The language is in the link.

const NAMES = new Set(['aiohttp', 'httpx', 'asyncio', 'gather', 'Go', 'Semaphore', 'Vegas', 'AIMD', 'Gradient2',
  'Netflix', 'botocore', 'urllib3', 'requests', 'HikariCP', 'OkHttp', 'Node', 'Envoy', 'reqwest', 'gRPC', 'AWS',
  'TCP', 'TLS', 'CPU', 'JSON', 'CSV', 'PNG', 'A', 'B', 'M', 'c', 'ms', 'limit', 'workers', 'batches', 'open', 'fifo', 'lifo',
  'weighted', 'wait', 'overflow', 'acquired', 'none', 'full', 'equal', 'decorrelated', 'exponential', 'constant',
  'poisson', 'uniform', 'N', 'x', 'CDF', 'concurrency-limits', 'Python', 'sigma', 'RTT', 'lognormal', 'bimodal', 'batch', 'request', 'poolsim', 'makespan', 'goodput', 'jitter',
  'in', 'flight', 'Linux', 'Infinity', 'maxsize', 'Client', 'UNAVAILABLE', 'rand', 'min', 'mean', 'max', 'p', 'n', 't',
  'Retry', 'After', 'Retry-After', 'digest', 'engine']);

/** Visible English words on the page (text, aria-labels, title), beyond identifiers. */
function english() {
  const code = (w) => /[_.\d()=/<>:[\]{}×÷·]/.test(w) || /[a-z][A-Z]/.test(w);
  const words = (text) => (text.replace(/\([a-z0-9-]+\)/g, ' ').match(/[A-Za-z][A-Za-z0-9_.()=/\-:]*/g) ?? [])
    .map((w) => w.replace(/[.:,)]+$/, ''))
    .filter((w) => w && !code(w) && !window.__names.has(w));
  const found = new Map();
  const note = (w, where) => { if (!found.has(w)) found.set(w, where); };
  const visible = (el) => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!visible(el) || el.closest('pre, option, noscript, .visually-hidden, .skip, .lang')) continue;
    for (const w of words(n.textContent)) note(w, `${el.tagName.toLowerCase()}#${el.id || el.className}: "${n.textContent.trim().slice(0, 60)}"`);
  }
  // A knob's menu shows the scenario's own values (identifiers); the two pickers show names.
  for (const sel of document.querySelectorAll('#scenario-picker, #preset-picker')) {
    if (visible(sel) && sel.selectedOptions[0]) for (const w of words(sel.selectedOptions[0].textContent)) note(w, `select#${sel.id}`);
  }
  for (const el of document.querySelectorAll('[aria-label]:not(.lang)')) {
    for (const w of words(el.getAttribute('aria-label'))) note(w, `aria-label of ${el.tagName.toLowerCase()}#${el.id}`);
  }
  for (const w of words(document.title)) note(w, 'title');
  return [...found].map(([w, where]) => `${w}  (${where})`);
}

async function check(page, assert, what) {
  await page.evaluate((names) => { window.__names = new Set(names); }, [...NAMES]);
  const left = await page.evaluate(english);
  assert.deepEqual(left, [], `English in 中文 mode (${what}):\n  ${left.join('\n  ')}`);
}

async function waitDrawn(page, before) {
  await page.waitForFunction((b) => document.body.dataset.renders !== b, before);
}

export async function noEnglishInChineseMode({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('.lang button[data-lang="zh"]');
  assert.match(page.url(), /lang=zh/, 'the language is in the link');
  await page.$eval('#all-controls', (d) => { d.open = true; });
  await page.$eval('#glossary', (d) => { d.open = true; });
  await check(page, assert, 'first screen');
  for (const lesson of ['keepalive', 'leak', 'adaptive', 'metastable', 'backoff']) {
    const before = await page.evaluate(() => document.body.dataset.renders);
    await page.click(`#lesson-list button[data-lesson="${lesson}"]`);
    await waitDrawn(page, before);
    await check(page, assert, `lesson ${lesson}`);
    if (lesson === 'adaptive') {
      // The gate never held more than its limit here: one average, said once.
      assert.match(await page.textContent('#binding'), /平均 44\.6 ÷/);
    }
  }
  await page.click('figure[data-chart="inflight"] button.data');
  await page.locator('#table-inflight table').waitFor();
  await check(page, assert, 'a data table');
}

export async function aChineseLinkOpensInChinese({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=1&lesson=stall&pool.limit=200&lang=zh`);
  await waitReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#lesson-title'), '卡在 100');
  assert.equal(await page.inputValue('#l-pool_limit'), '200');
}

export async function inputErrorsAreInChinese({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#lesson=stall&lang=zh`);
  await waitReady(page);
  const err = page.locator('#l-pool_limit-err');
  await page.fill('#l-pool_limit-num', '-5');
  await page.press('#l-pool_limit-num', 'Enter');
  await err.waitFor({ state: 'visible' });
  assert.equal(await err.textContent(), 'pool.limit：必须是 0 到 100000 之间的整数（输入为 -5）');
  await page.fill('#l-pool_limit-num', '999999');
  await page.press('#l-pool_limit-num', 'Enter');
  await page.waitForFunction(() => /999999）$/.test(document.getElementById('l-pool_limit-err').textContent));
  assert.equal(await err.textContent(), 'pool.limit：必须在 0 到 100000 之间（输入为 999999）');
  // The field's path and the numbers are kept; no English word is left.
  const words = (await err.textContent()).replace(/pool\.limit/, '').match(/[A-Za-z]+/g);
  assert.equal(words, null, await err.textContent());
}
