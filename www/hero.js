// The hero widget: the stall at 100 as moving dots next to its in-flight
// chart, with one slider in the sentence. wasm (HeroWidget) runs the fixed
// 1000-request scenario with a request trace, places every dot from that
// trace and paints it; this file only passes the slider's text and the
// elapsed playback time, and shows the numbers wasm returns.
//
// Markers for tests, on #hero: data-limit (the limit drawn), data-renders
// (slider changes drawn), data-t-us (virtual time of the last frame).
import { HeroWidget } from './pkg/poolsim.js';
import { t, currentLang } from './i18n.js';

const $ = (id) => document.getElementById(id);
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

let hero;
let started = 0;
let frame = 0;
let playing = true;
let visible = true;
let dark = () => false;

/** Sets a canvas's backing size to its CSS size × devicePixelRatio; returns the ratio. */
function fit(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const box = canvas.parentElement.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width * dpr));
  const h = Math.max(1, Math.round(box.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return dpr;
}

function fmt(n, digits = 0) {
  return Number(n).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
}

/** The sentence after the slider: "→ 100 / 50 ms = 2000 req/s, 10 waves". */
function renderSentence() {
  const s = JSON.parse(hero.sentence());
  $('hero-limit-value').textContent = String(s.limit);
  $('hero-math').textContent = t('hero.math', {
    limit: s.limit, ms: fmt(s.latency_ms), rate: fmt(s.rate_per_s), waves: fmt(s.waves),
  });
  $('hero-result').textContent = t('hero.result', {
    n: fmt(s.requests), s: fmt(s.makespan_s, 3), peak: fmt(s.peak_in_flight),
  });
  $('hero').dataset.limit = String(s.limit);
  const canvas = $('hero-dots');
  canvas.setAttribute('aria-label', t('hero.dots_label', { n: fmt(s.requests), limit: s.limit, waves: fmt(s.waves) }));
}

function drawChart() {
  const canvas = $('hero-inflight');
  const dpr = fit(canvas);
  hero.draw_chart(canvas, dpr, dark(), currentLang());
}

/** One animation frame: paints the dots and updates the three counts. */
function paint(now) {
  const canvas = $('hero-dots');
  fit(canvas);
  const elapsed = playing ? now - started : pausedAt;
  const [waiting, holding, done, tUs] = hero.draw_dots(canvas, elapsed, dark());
  $('hero-waiting').textContent = fmt(waiting);
  $('hero-holding').textContent = fmt(holding);
  $('hero-done').textContent = fmt(done);
  $('hero-clock').textContent = t('hero.clock', { ms: fmt(tUs / 1000, 0) });
  $('hero').dataset.tUs = String(tUs);
}

let pausedAt = 0;

function loop(now) {
  frame = 0;
  paint(now);
  if (playing && visible && !document.hidden) frame = requestAnimationFrame(loop);
}

function kick() {
  if (!frame) frame = requestAnimationFrame(loop);
}

/** Starts the playback from the beginning (after a slider move). */
function restart() {
  started = performance.now();
  pausedAt = 0;
  kick();
}

function setPlaying(on) {
  const now = performance.now();
  if (on && !playing) started = now - pausedAt;
  if (!on && playing) pausedAt = now - started;
  playing = on;
  $('hero-play').setAttribute('aria-pressed', String(!on));
  $('hero-play').textContent = t(on ? 'hero.pause' : 'hero.play');
  kick();
}

function onSlider() {
  const t0 = performance.now();
  try {
    hero.set_limit($('hero-limit').value);
    $('hero-error').hidden = true;
  } catch (e) {
    $('hero-error').textContent = String(e.message ?? e);
    $('hero-error').hidden = false;
    return;
  }
  renderSentence();
  drawChart();
  if (!playing) pausedAt = 0;
  restart();
  paint(performance.now());
  const body = $('hero');
  body.dataset.lastRenderMs = (performance.now() - t0).toFixed(1);
  body.dataset.renders = String(Number(body.dataset.renders ?? 0) + 1);
}

/** Builds the hero once wasm is loaded; `isDark` tells the current theme. */
export function startHero(isDark) {
  dark = isDark;
  hero = new HeroWidget();
  $('hero-limit').addEventListener('input', onSlider);
  $('hero-play').addEventListener('click', () => setPlaying(!playing));
  new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
    if (visible) kick();
  }).observe($('hero'));
  document.addEventListener('visibilitychange', () => { if (!document.hidden) kick(); });
  if (reducedMotion.matches) {
    // No motion unless asked for: show the middle of the run, still.
    playing = false;
    pausedAt = hero.cycle_ms() * 0.3;
  }
  relabelHero();
  restart();
}

/** Redraws everything in the current language and theme (language switch, resize, theme change). */
export function relabelHero() {
  if (!hero) return;
  renderSentence();
  $('hero-play').textContent = t(playing ? 'hero.pause' : 'hero.play');
  $('hero-play').setAttribute('aria-pressed', String(!playing));
  drawChart();
  kick();
}
