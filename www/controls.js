// The controls, built from the knob table that wasm hands over
// (src/playground/knobs.rs): the full panel (one fieldset per stage, a
// slider + number box, switch or menu per knob, the rarely used ones folded
// under "More settings"), and the lesson's own 1-3 knobs inside the lesson
// card (the same knobs again, ids prefixed with "l-"). Moving a control
// calls onChange(path, text); nothing is computed here.
import { t, tOr } from './i18n.js';

/** The HTML id of a knob: its dotted path with '_' (pool.limit → pool_limit). */
export const knobId = (path) => path.replaceAll('.', '_');

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function label(knob) {
  return tOr(`knob.${knob.path}`, knob.label);
}

/** A unit in the current language (ms → 毫秒). */
function unit(knob) {
  return knob.unit ? tOr(`unit.${knob.unit}`, knob.unit) : '';
}

function help(knob) {
  return tOr(`help.${knob.path}`, knob.help);
}

function rangeKnob(knob, onChange, prefix) {
  const id = prefix + knobId(knob.path);
  const range = el('input', { type: 'range', id, min: knob.min, max: knob.max, step: knob.step,
    'aria-describedby': `${id}-help ${id}-err` });
  const num = el('input', { type: 'number', id: `${id}-num`, min: knob.min, step: 'any',
    'aria-label': `${label(knob)} (${unit(knob) || '#'})`, 'aria-describedby': `${id}-err` });
  range.addEventListener('input', () => { num.value = range.value; onChange(knob.path, range.value); });
  // The slider follows once the value is accepted (syncControls), so a bad value never moves it.
  num.addEventListener('change', () => onChange(knob.path, num.value));
  const inputs = el('div', { class: 'knob-inputs' }, [range, num, el('span', { class: 'unit', 'data-unit': knob.unit, text: unit(knob) })]);
  return [el('label', { for: id, 'data-label': knob.path, text: label(knob) }), inputs];
}

function toggleKnob(knob, onChange, prefix) {
  const id = prefix + knobId(knob.path);
  const box = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-help ${id}-err` });
  box.addEventListener('change', () => onChange(knob.path, box.checked ? 'true' : 'false'));
  return [el('label', { for: id }, [box, el('span', { 'data-label': knob.path, text: label(knob) })])];
}

function choiceKnob(knob, onChange, prefix) {
  const id = prefix + knobId(knob.path);
  const select = el('select', { id, 'aria-describedby': `${id}-help ${id}-err` },
    knob.options.map((o) => el('option', { value: o, text: o })));
  select.addEventListener('change', () => onChange(knob.path, select.value));
  return [el('label', { for: id, 'data-label': knob.path, text: label(knob) }), select];
}

function knobBlock(knob, onChange, prefix = '') {
  const id = prefix + knobId(knob.path);
  const make = { range: rangeKnob, toggle: toggleKnob, choice: choiceKnob }[knob.control];
  return el('div', { class: `knob ${knob.control}`, 'data-path': knob.path, 'data-prefix': prefix }, [
    ...make(knob, onChange, prefix),
    el('p', { class: 'help', id: `${id}-help`, 'data-help': knob.path, text: help(knob) }),
    el('p', { class: 'knob-error', id: `${id}-err`, role: 'alert', hidden: true }),
  ]);
}

/** The lesson's own knobs (`paths`, in order) into `root`, ids prefixed "l-". */
export function buildLessonControls(root, tables, paths, onChange) {
  const blocks = paths.map((p) => tables.knobs.find((k) => k.path === p)).filter(Boolean)
    .map((k) => knobBlock(k, onChange, LESSON_PREFIX));
  root.replaceChildren(...blocks);
  elements.clear();
}

/** Builds every group into `root`. */
export function buildControls(root, tables, onChange) {
  root.replaceChildren();
  elements.clear();
  for (const group of tables.groups) {
    const knobs = tables.knobs.filter((k) => k.group === group);
    if (knobs.length === 0) continue;
    const fs = el('fieldset', { class: 'group', 'data-group': group },
      [el('legend', { 'data-i18n': `group.${group}`, text: t(`group.${group}`) })]);
    const basic = knobs.filter((k) => !k.advanced);
    const advanced = knobs.filter((k) => k.advanced);
    for (const k of basic) fs.append(knobBlock(k, onChange));
    if (advanced.length) {
      const more = el('details', { class: 'more' }, [el('summary', { 'data-i18n': 'more', text: t('more') })]);
      for (const k of advanced) more.append(knobBlock(k, onChange));
      fs.append(more);
    }
    root.append(fs);
  }
}

/** Re-labels the controls after a language switch. */
export function relabel(tables) {
  for (const k of tables.knobs) {
    for (const e of document.querySelectorAll(`[data-label="${k.path}"]`)) e.textContent = label(k);
    for (const h of document.querySelectorAll(`[data-help="${k.path}"]`)) h.textContent = help(k);
    for (const u of document.querySelectorAll(`.knob[data-path="${k.path}"] .unit`)) u.textContent = unit(k);
    for (const prefix of ['', LESSON_PREFIX]) {
      const num = document.getElementById(`${prefix}${knobId(k.path)}-num`);
      if (num) num.setAttribute('aria-label', `${label(k)} (${unit(k) || '#'})`);
    }
  }
}

const LESSON_PREFIX = 'l-';

/** Each knob's elements (panel and lesson card), looked up once: path → [{ block, input, num }]. */
const elements = new Map();

function parts(path) {
  let list = elements.get(path);
  if (!list) {
    list = ['', LESSON_PREFIX].map((prefix) => {
      const id = prefix + knobId(path);
      return {
        block: document.querySelector(`.knob[data-path="${path}"][data-prefix="${prefix}"]`),
        input: document.getElementById(id),
        num: document.getElementById(`${id}-num`),
      };
    }).filter((e) => e.block);
    elements.set(path, list);
  }
  return list;
}

/**
 * Shows `values` (path → JSON value, as typed) in the controls, hides knobs
 * whose condition fails. Sliders show `applied` (what runs), so a rejected
 * number in the box leaves its slider where the charts are.
 */
export function syncControls(tables, values, applied = values) {
  for (const k of tables.knobs) {
    const hidden = Boolean(k.show_if) && !k.show_if.any_of.includes(values[k.show_if.path]);
    for (const e of parts(k.path)) {
      if (e.block.hidden !== hidden) e.block.hidden = hidden;
      setValue(k, e, values[k.path], values, applied[k.path]);
    }
  }
}

function setValue(knob, e, value, values, applied) {
  if (knob.control === 'toggle') { e.input.checked = value === true; return; }
  if (knob.control === 'choice') { e.input.value = String(value); return; }
  const max = knob.max_path && typeof values[knob.max_path] === 'number'
    ? Math.min(knob.max, values[knob.max_path]) : knob.max;
  if (Number(e.input.max) !== max) e.input.max = max;
  const text = value === null || value === undefined ? '' : String(value);
  const slid = applied === null || applied === undefined ? '' : String(applied);
  const active = document.activeElement;
  if (active !== e.num && e.num.value !== text) e.num.value = text;
  if (active !== e.input && slid !== '' && e.input.value !== slid) e.input.value = slid;
}

/** Marks the knob at `path` (or the seed box) with `message`; clears every other mark. */
export function markError(path, message) {
  for (const e of document.querySelectorAll('.knob-error')) { e.hidden = true; e.textContent = ''; }
  for (const e of document.querySelectorAll('[aria-invalid="true"]')) e.removeAttribute('aria-invalid');
  if (!path) return false;
  const base = path === 'seed' ? 'seed' : knobId(path);
  let shown = false;
  for (const id of [base, LESSON_PREFIX + base]) {
    const err = document.getElementById(`${id}-err`);
    if (!err) continue;
    err.textContent = message;
    err.hidden = false;
    document.getElementById(id)?.setAttribute('aria-invalid', 'true');
    document.getElementById(`${id}-num`)?.setAttribute('aria-invalid', 'true');
    const more = err.closest('details.more');
    if (more) more.open = true;
    if (!err.closest('details:not([open])')) shown = true;
  }
  return shown;
}
