// wasm speed in node: runs scenarios/mmc.json through the page's own entry
// point (the Playground class builds the scenario and the Runner class of the
// wasm-pack `--target nodejs` build runs it, as the page's worker does) and prints events per second.
//
// Usage: node benches/wasm_mmc.mjs PKG_DIR [REQUESTS] [REPEATS]
// Run by scripts/bench-wasm.sh, which builds PKG_DIR and runs the native side.
import { createRequire } from "node:module";
import path from "node:path";

const [pkgDir, requests = "1000000", repeats = "3"] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const wasm = require(path.resolve(pkgDir, "poolsim.js"));

let best = Infinity;
let events = 0;
for (let i = 0; i < Number(repeats); i++) {
  const pg = new wasm.Playground();
  pg.load_scenario("mmc");
  pg.set("clients.requests", requests);
  const json = pg.scenario_json();
  const runner = new wasm.Runner();
  const t0 = process.hrtime.bigint();
  runner.start(json);
  while (!runner.step(1_000_000)) {}
  const wall_s = Number(process.hrtime.bigint() - t0) / 1e9;
  events = JSON.parse(runner.view()).summary.events;
  best = Math.min(best, wall_s);
  runner.free();
  pg.free();
}
console.log(
  `wasm-node requests=${requests} events=${events} best_s=${best.toFixed(3)} ` +
    `events_per_s=${Math.round(events / best)}`
);
