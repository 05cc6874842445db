// Helpers shared by the playground's end-to-end tests (not a test file itself).

/** The key numbers shown in the "why" panel, as { key: text }. */
export function numbers(page) {
  return page.$$eval('#numbers > div', (boxes) =>
    Object.fromEntries(boxes.map((b) => [b.id.replace(/^kn-/, ''), b.querySelector('.value').textContent])));
}

/** The in-flight chart's pixels, as a data URL. */
export function chartPixels(page, id = 'inflight') {
  return page.$eval(`#chart-${id}`, (c) => c.toDataURL());
}

/** Moves the range input `#id` to `value` as a user dragging it would (an input event). */
export async function setSlider(page, id, value) {
  await page.$eval(`#${id}`, (el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Waits until the key number `key` shows `text`. */
export async function waitNumber(page, key, text) {
  await page.waitForFunction(([k, t]) => document.querySelector(`#kn-${k} .value`)?.textContent === t,
    [key, text], { timeout: 10_000 });
}

/** Whether canvas `#chart-<id>` has anything drawn on it. */
export function chartDrawn(page, id) {
  return page.$eval(`#chart-${id}`, (c) => {
    const blank = document.createElement('canvas');
    [blank.width, blank.height] = [c.width, c.height];
    return c.width > 0 && c.height > 0 && c.toDataURL() !== blank.toDataURL();
  });
}

/** Unfolds the full control panel (scenario, preset, seed, every stage). */
export async function openControls(page) {
  await page.$eval('#all-controls', (d) => { d.open = true; });
}
