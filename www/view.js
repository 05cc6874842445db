// Renders what wasm's view JSON says: the lesson list and card, the "why"
// panel (binding constraint, key numbers, every ceiling) and the footer.
import { t, tOr, currentLang } from './i18n.js';

/**
 * TRANSLATION HOOK for the core's ceiling sentences (src/report.rs). Today a
 * ceiling is {stage, ceiling_rps, text} with `text` in English: English shows
 * it as given; 中文 shows the stage and its ceiling in req/s. When the core
 * sends the sentence as data ({stage, params}), translate it here, once:
 * t("ceiling." + c.stage, c.params), with one template per stage in i18n.js.
 */
export function ceilingText(c) {
  if (currentLang() === 'en') return c.text;
  const params = ceilingParams(c);
  // The gate's slots equal its limit unless a drop left requests holding more (words.rs says it only then).
  const same = c.key === 'adaptive_limit' && params.mean_limit === params.mean_capacity;
  const key = `ceiling.${c.key}${same ? '_same' : ''}`;
  if (c.key && t(key) !== key) return t(key, params);
  return t('ceiling_generic', { rps: Math.round(c.ceiling_rps).toLocaleString('zh-CN') });
}

/** The binding sentence, with the failures when some requests failed (English: the core's `text`). */
function bindingText(s) {
  if (currentLang() === 'en' || !s.failed) return ceilingText(s.binding);
  return ceilingText(s.binding) + t('binding_failed', { failed: shown(s.failed), requests: shown(s.requests), completed: shown(s.completed) });
}

/** A number as the sentence shows it: whole numbers grouped, others to 3 significant digits. */
function shown(v) {
  if (typeof v !== 'number') return v;
  if (Number.isInteger(v)) return v.toLocaleString('zh-CN');
  return Number(v.toPrecision(3)).toLocaleString('zh-CN', { maximumFractionDigits: 3 });
}

/** The ceiling's named numbers (`key`, `params` from the core) ready for its template. */
function ceilingParams(c) {
  const p = { ...(c.params ?? {}) };
  if (typeof p.slope === 'number') p.slope_pct = p.slope * 100;
  if (p.who) p.who = t(`who.${p.who}`);
  const out = { rps: Math.round(c.ceiling_rps).toLocaleString('zh-CN') };
  for (const [k, v] of Object.entries(p)) out[k] = shown(v);
  return out;
}

/** Why a run stopped early, in the current language: the core gives a key, the view its English (`truncated_text`). */
function truncatedText(s) {
  if (currentLang() === 'en') return s.truncated_text ?? '';
  const key = `truncated.${s.truncated_reason}`;
  return t(key) !== key ? t(key) : (s.truncated_text ?? '');
}

function node(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Marks the current lesson's button; it is the row's one tab stop (arrow keys move along the row). */
export function markLesson(list, current) {
  const buttons = [...list.querySelectorAll('button')];
  const stop = buttons.find((b) => b.dataset.lesson === current) ?? buttons.find((b) => !b.disabled);
  for (const b of buttons) {
    const now = String(b.dataset.lesson === current);
    if (b.getAttribute('aria-current') !== now) b.setAttribute('aria-current', now);
    b.tabIndex = b === stop ? 0 : -1;
  }
}

/** Arrow keys, Home and End move the focus along the lesson row. */
function rove(list, e) {
  const buttons = [...list.querySelectorAll('button:not([disabled])')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  const b = buttons[(next + buttons.length) % buttons.length];
  b.focus();
  b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/** The lesson buttons; unavailable lessons are disabled and say why. */
export function renderLessonList(list, lessons, current, onPick) {
  list.replaceChildren();
  lessons.forEach((l, i) => {
    const b = node('button');
    b.type = 'button';
    b.dataset.lesson = l.id;
    b.textContent = `${i + 1}. ${t(`lesson.${l.id}.title`)}`;
    if (!l.available) {
      b.disabled = true;
      b.append(' ', node('span', 'soon', `(${t('soon')})`));
    }
    b.setAttribute('aria-current', String(l.id === current));
    b.addEventListener('click', () => onPick(l.id));
    const li = node('li');
    li.append(b);
    list.append(li);
  });
  if (!list.dataset.roving) {
    list.dataset.roving = '1';
    list.addEventListener('keydown', (e) => rove(list, e));
  }
  markLesson(list, current);
}

/** The lesson card: the lesson's text, its own controls and "try this", or the scenario's own name and description. */
export function renderLesson(lessons, view) {
  const i = lessons.findIndex((l) => l.id === view.lesson);
  const lesson = lessons[i];
  document.getElementById('lesson-step').textContent = lesson ? t('lesson_step', { n: i + 1, m: lessons.length }) : '';
  const id = view.scenario_id;
  document.getElementById('lesson-title').textContent = lesson ? t(`lesson.${lesson.id}.title`)
    : (id ? tOr(`scenario.${id}`, view.name) : view.name);
  document.getElementById('lesson-text').textContent = lesson ? t(`lesson.${lesson.id}.text`)
    : (id ? tOr(`scenario.${id}.desc`, view.description) : view.description);
  document.getElementById('try-row').hidden = !lesson;
  if (lesson) document.getElementById('try-text').textContent = t(`lesson.${lesson.id}.try`);
  return lesson;
}

/** The binding constraint, truncation notice, key numbers and ceilings. */
export function renderWhy(view) {
  const s = view.summary;
  if (!s) return;
  const binding = document.getElementById('binding');
  binding.replaceChildren(node('span', 'stage', t(`stage.${s.binding.stage}`)), bindingText(s));
  const trunc = document.getElementById('truncated');
  trunc.hidden = !s.truncated;
  trunc.textContent = s.truncated ? `${t('truncated')} ${truncatedText(s)}` : '';
  renderNumbers(view.rows);
  const list = document.getElementById('ceilings');
  list.replaceChildren(...[...s.ceilings]
    .sort((a, b) => a.ceiling_rps - b.ceiling_rps)
    .map((c) => {
      const li = node('li', c.stage === s.binding.stage ? 'binding-stage' : '', `${t(`stage.${c.stage}`)}: ${ceilingText(c)}`);
      return li;
    }));
  document.getElementById('engine').textContent = t('engine', { v: s.engine_version, d: s.digest });
}

function renderNumbers(rows) {
  const dl = document.getElementById('numbers');
  dl.replaceChildren(...rows.map((r) => {
    const box = node('div');
    box.id = `kn-${r.key}`;
    const dd = node('dd');
    dd.append(node('span', 'value', r.text), node('span', 'unit', r.unit ? tOr(`unit.${r.unit}`, r.unit) : ''));
    if (r.base_text !== null && r.base_text !== undefined) {
      const cmp = node('span', 'cmp', `${t('compare_a')} ${r.base_text} · `);
      const mark = r.better === true ? ' ✔' : r.better === false ? ' ✘' : '';
      cmp.append(node('span', r.better === true ? 'better' : r.better === false ? 'worse' : '', `${r.delta_text}${mark}`));
      dd.append(cmp);
    }
    const dt = node('dt', '', t(`num.${r.key}`));
    const gloss = GLOSS_OF[r.key];
    if (gloss) dt.title = `${t(`gloss.${gloss}`)}: ${t(`gloss.${gloss}.d`)}`;
    box.append(dt, dd);
    return box;
  }));
}

/** The glossary entry (i18n `gloss.<k>`) explaining a key number's name, shown as its tooltip. */
const GLOSS_OF = {
  makespan: 'makespan', p50: 'percentile', p95: 'percentile', p99: 'percentile',
  peak_in_flight: 'in_flight', goodput: 'goodput', peak_time_wait: 'time_wait',
};
