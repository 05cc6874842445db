// The site works when hosted under a sub-path (GitHub Pages serves it at
// /<repo>/): every URL must be relative. The harness serves the parent of a copy
// of the site, so an absolute URL such as /pkg/poolsim.js is a 404 and fails.
export default async function subpath({ page, subpathUrl, assert, waitReady }) {
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(subpathUrl);
  await waitReady(page);
  const outside = requested.filter((u) => u.startsWith('http') && !u.startsWith(subpathUrl));
  assert.deepEqual(outside, [], 'requests outside /poolsim/');
}
