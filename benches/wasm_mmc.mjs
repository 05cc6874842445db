// wasm speed in node: runs scenarios/mmc.json through the page's own entry
// point (the Playground class of the wasm-pack `--target nodejs` build, the
// same stepping the page does) and prints events per second.
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
  const t0 = process.hrtime.bigint();
  pg.start();
  while (!pg.step(1_000_000)) {}
  const wall_s = Number(process.hrtime.bigint() - t0) / 1e9;
  events = JSON.parse(pg.summary_json()).events;
  best = Math.min(best, wall_s);
  pg.free();
}
console.log(
  `wasm-node requests=${requests} events=${events} best_s=${best.toFixed(3)} ` +
    `events_per_s=${Math.round(events / best)}`
);
