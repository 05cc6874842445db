// Each time chart's data table (for screen readers; toggled by "Data") holds
// the same numbers as the series CSV download; every chart has a summary line.
import fs from 'node:fs';

export async function chartTablesMatchTheCsvExport({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
  const lines = fs.readFileSync(await d.path(), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const csv = lines.slice(1).map((l) => l.split(','));
  for (const id of ['inflight', 'waiting', 'throughput', 'connections']) {
    await page.$eval(`figure[data-chart="${id}"] button.data`, (b) => b.click());
    await page.locator(`#table-${id} table`).waitFor();
    assert.equal(await page.getAttribute(`figure[data-chart="${id}"] button.data`, 'aria-expanded'), 'true');
    const cols = await page.$$eval(`#table-${id} thead th`, (ths) => ths.length);
    const rows = await page.$$eval(`#table-${id} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.ok(rows.length > 100, `${id}: ${rows.length} rows`);
    for (const [i, row] of rows.entries()) {
      assert.equal(row.length, cols);
      assert.equal(row[0], csv[i][0], `${id} row ${i}: time`);
      // Every value of the row is in the CSV's row at the same time.
      for (const v of row.slice(1)) assert.ok(csv[i].slice(1).includes(v), `${id} row ${i}: ${v} not in the CSV row`);
    }
    assert.match(await page.textContent(`#summary-${id}`), /peak/);
  }
  const inflightCol = header.indexOf('in_flight');
  const tableInflight = await page.$$eval('#table-inflight tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  tableInflight.forEach((v, i) => assert.equal(v, csv[i][inflightCol], `in_flight row ${i}`));
  for (const id of ['latency', 'phases', 'waterfall']) {
    assert.notEqual(await page.textContent(`#summary-${id}`), '', `${id} has a summary`);
  }
}
