// wasm speed in headless Chromium: serves a directory holding a
// `wasm-pack --target web` build in pkg/ (dist/, or what scripts/bench-wasm.sh
// builds) on 127.0.0.1, loads the module in a page of that origin and runs
// scenarios/mmc.json (built by the Playground class) through the Runner
// class, as the page's worker does. Prints
// events per second (best of REPEATS).
//
// Usage: node benches/wasm_chromium.mjs DIST_DIR [REQUESTS] [REPEATS]
import path from 'node:path';
import { serve, launchChromium } from '../tests/e2e/lib.mjs';

const [dist = 'dist', requests = '1000000', repeats = '3'] = process.argv.slice(2);
const server = await serve(path.resolve(dist));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  // A plain file of that origin: the module loads without any page UI.
  await page.goto(server.url + '/pkg/poolsim.js');
  const result = await page.evaluate(async ([n, r]) => {
    const wasm = await import('/pkg/poolsim.js');
    await wasm.default();
    let best = Infinity;
    let events = 0;
    for (let i = 0; i < r; i++) {
      const pg = new wasm.Playground();
      pg.load_scenario('mmc');
      pg.set('clients.requests', n);
      const json = pg.scenario_json();
      const runner = new wasm.Runner();
      const t0 = performance.now();
      runner.start(json);
      while (!runner.step(1_000_000)) {}
      best = Math.min(best, (performance.now() - t0) / 1e3);
      events = JSON.parse(runner.view()).summary.events;
      runner.free();
      pg.free();
    }
    return { best, events };
  }, [requests, Number(repeats)]);
  console.log(
    `wasm-chromium requests=${requests} events=${result.events} best_s=${result.best.toFixed(3)} ` +
      `events_per_s=${Math.round(result.events / result.best)}`
  );
} finally {
  await browser.close();
  server.close?.();
}
