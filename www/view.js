// Renders what wasm's view JSON says: the lesson list and card, the "why"
// panel (binding constraint, key numbers, every ceiling) and the footer.
// Text from the core (the binding arithmetic) is shown as given.
import { t } from './i18n.js';

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
  document.getElementById('lesson-title').textContent = lesson ? t(`lesson.${lesson.id}.title`) : view.name;
  document.getElementById('lesson-text').textContent = lesson ? t(`lesson.${lesson.id}.text`) : view.description;
  document.getElementById('try-row').hidden = !lesson;
  if (lesson) document.getElementById('try-text').textContent = t(`lesson.${lesson.id}.try`);
  return lesson;
}

/** The binding constraint, truncation notice, key numbers and ceilings. */
export function renderWhy(view) {
  const s = view.summary;
  if (!s) return;
  const binding = document.getElementById('binding');
  binding.replaceChildren(node('span', 'stage', t(`stage.${s.binding.stage}`)), s.binding.text);
  const trunc = document.getElementById('truncated');
  trunc.hidden = !s.truncated;
  trunc.textContent = s.truncated ? `${t('truncated')} ${s.truncated_reason ?? ''}` : '';
  renderNumbers(view.rows);
  const list = document.getElementById('ceilings');
  list.replaceChildren(...[...s.ceilings]
    .sort((a, b) => a.ceiling_rps - b.ceiling_rps)
    .map((c) => {
      const li = node('li', c.stage === s.binding.stage ? 'binding-stage' : '', `${t(`stage.${c.stage}`)}: ${c.text}`);
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
    dd.append(node('span', 'value', r.text), node('span', 'unit', r.unit));
    if (r.base_text !== null && r.base_text !== undefined) {
      const cmp = node('span', 'cmp', `${t('compare_a')} ${r.base_text} · `);
      const mark = r.better === true ? ' ✔' : r.better === false ? ' ✘' : '';
      cmp.append(node('span', r.better === true ? 'better' : r.better === false ? 'worse' : '', `${r.delta_text}${mark}`));
      dd.append(cmp);
    }
    box.append(node('dt', '', t(`num.${r.key}`)), dd);
    return box;
  }));
}
