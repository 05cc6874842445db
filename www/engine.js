// The wasm engine behind the page, kept alive through a crash inside it.
//
// A Rust panic cannot be caught inside wasm: the call traps (a
// WebAssembly.RuntimeError; a stack overflow is a RangeError) and that
// instance is unusable from then on. So the page never holds a Playground
// directly: it holds this guard, which forwards every call to the current
// Playground. On a trap it reads the panic's message from the dead instance
// (src/web.rs records it), switches at once to a spare instance of the
// module prepared beforehand, with a fresh Playground, tells the page
// (onRestart), and throws an ordinary Error saying what happened, which the
// caller shows like any other error (marked `engineRestarted`: the page was
// told already). A new spare is then prepared in the
// background. No simulation logic lives here.
import init, * as first from './pkg/poolsim.js';

/** After this many restarts the page asks for a reload instead (each dead instance keeps its memory). */
const MAX_RESTARTS = 20;

let compiled = null;
let generation = 0;
let active = null;

/** A fresh, initialised copy of the module (a new URL gives a new module instance). */
async function freshInstance() {
  generation += 1;
  const mod = await import(`./pkg/poolsim.js?instance=${generation}`);
  await mod.default({ module_or_path: compiled });
  return mod;
}

/** Whether `e` means the instance trapped (as opposed to an ordinary error it returned). */
function isTrap(e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) return true;
  return /recursive use of an object|attempted to take ownership of Rust value/.test(String(e?.message ?? ''));
}

function panicMessage(mod, e) {
  try {
    const m = mod.take_panic_message();
    if (m) return m;
  } catch {
    // The dead instance could not even answer: fall back to the trap's own words.
  }
  return String(e?.message ?? e);
}

/**
 * Loads the engine. `onRestart(message)` is called (synchronously, on the new
 * Playground) after a crash. Resolves to { playground, tables, engineVersion }.
 */
export async function startEngine({ onRestart }) {
  const url = new URL('./pkg/poolsim_bg.wasm', import.meta.url);
  compiled = await WebAssembly.compileStreaming(fetch(url));
  await init({ module_or_path: compiled });
  let mod = first;
  let pg = new mod.Playground();
  let spare = null;
  let restarts = 0;
  const prepareSpare = () => {
    spare = null;
    freshInstance().then((m) => { spare = m; }, (e) => console.warn('poolsim: no spare engine:', e));
  };
  prepareSpare();

  function switchTo(m, message) {
    restarts += 1;
    mod = m;
    pg = new mod.Playground();
    prepareSpare();
    onRestart(message);
  }

  /** The error the trapped call throws; the page was already told (onRestart). */
  function restartError(text) {
    const err = new Error(text);
    err.engineRestarted = true;
    return err;
  }

  function restart(e) {
    const message = panicMessage(mod, e);
    pg = null;
    if (restarts >= MAX_RESTARTS) {
      return new Error(`The simulator stopped on an internal error (${message}); please reload the page.`);
    }
    if (spare) {
      switchTo(spare, message);
      return restartError(`The simulator stopped on an internal error and was restarted: ${message}`);
    }
    // No spare yet (two crashes in quick succession): restart as soon as one is loaded.
    freshInstance().then((m) => switchTo(m, message), (err) => console.warn('poolsim: restart failed:', err));
    return restartError(`The simulator stopped on an internal error and is restarting: ${message}`);
  }

  const playground = new Proxy({}, {
    get(_, name) {
      if (typeof first.Playground.prototype[name] !== 'function') return undefined;
      return (...args) => {
        if (!pg) throw new Error('The simulator is restarting after an internal error.');
        try {
          return pg[name](...args);
        } catch (e) {
          if (!isTrap(e)) throw e;
          throw restart(e);
        }
      };
    },
  });
  active = playground;
  return { playground, tables: () => JSON.parse(first.tables()) };
}

/** The guarded Playground the page uses (for the end-to-end tests). */
export function activePlayground() {
  return active;
}
