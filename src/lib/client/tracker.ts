// Jisou tracker: honest viewing time, reading progress, video progress and impressions.
// Loaded as an external file (/t.js, CSP without 'unsafe-inline'), configured by data- attributes on
// its <script> tag: data-api, data-idle (s), data-beat (s), data-key (content key of a detail page; absent
// on listings), data-video (present on webinars: only their player is measured). No dependencies; keep it
// under 2 KB gzipped. Every interval is measured with performance.now(): the wall clock (Date) can jump
// (NTP, a person changing it, a forged clock) and would stretch or shrink the idle window.
export {}; // a module: nothing here leaks into the page's globals
type Span = [number, number];

const script = document.currentScript as HTMLScriptElement | null;
const cfg = script?.dataset ?? {};
const api = cfg.api || '/api/track';
const idleMs = +(cfg.idle || 60) * 1000;
const beatMs = +(cfg.beat || 15) * 1000;
const rnd = new Uint8Array(16);
crypto.getRandomValues(rnd);
const view = Array.from(rnd, (b) => (b % 36).toString(36)).join('');
const doc = document;
const key = cfg.key;
// The item's own body (cards of other items are <article data-content-key> too).
const article = key ? doc.querySelector<HTMLElement>(`article[data-content-key="${key}"]`) : null;
const video = cfg.video != null ? doc.querySelector('video') : null;
const clock = () => performance.now();

let now = clock();
let last = now; // previous tick
let input = now; // last sign of a person
let visible = doc.visibilityState == 'visible';
let playing = false;
let active = 0; // ms not yet sent
let played = 0;
let depth = 0;
let end = false;
let endSent = false;
let lastPos = 0;
let segStart = -1; // start of the range being watched, -1 when none
let ranges: Span[] = [];
let imps: string[] = [];
let sinceBeat = 0;

const post = (events: object[]) => {
  if (!events.length) return;
  fetch(api, {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, view, key, events }),
  }).catch(() => {});
};

const isPlaying = () => !!video && !video.paused && !video.seeking && !video.ended && video.readyState > 2 && (visible || !video.muted);

const closeRange = () => {
  if (segStart >= 0 && lastPos > segStart) ranges.push([segStart, lastPos]);
  segStart = -1;
};

// Credit the time since the previous tick with the state that held during it, then take the new state.
const tick = () => {
  now = clock();
  const dt = Math.min(now - last, 5000); // a sleeping laptop or a throttled timer earns nothing extra
  if (playing) active += dt;
  else if (visible) active += Math.max(0, Math.min(dt, input + idleMs - last));
  if (video) {
    const pos = video.currentTime;
    const rate = video.playbackRate || 1;
    if (playing && pos >= lastPos && pos - lastPos <= (dt / 1000) * rate + 1.5) {
      if (segStart < 0) segStart = lastPos;
      // Played time is the wall time the picture really moved: a stalled player earns nothing.
      played += Math.min(dt, ((pos - lastPos) * 1000) / rate);
    } else closeRange();
    lastPos = pos;
  }
  last = now;
  visible = doc.visibilityState == 'visible';
  playing = isPlaying();
  sinceBeat += dt;
};

const flush = () => {
  tick();
  const events: object[] = [];
  if (key && (active || (end && !endSent))) events.push({ t: 'beat', ms: Math.round(active), depth, end });
  endSent = end;
  if (key && video && (played || ranges.length || segStart >= 0)) {
    closeRange();
    if (playing) segStart = lastPos;
    events.push({ t: 'video', ms: Math.round(played), pos: video.currentTime, dur: video.duration || 0, ranges: ranges.slice(0, 32) });
  }
  if (imps.length) events.push({ t: 'imp', keys: imps.splice(0, 50) });
  active = played = sinceBeat = 0;
  ranges = [];
  post(events);
};

const onInput = () => {
  if (clock() > input + idleMs) tick(); // the idle stretch before this input earns nothing
  input = clock();
};
const measure = () => {
  const h = doc.documentElement.scrollHeight;
  depth = Math.max(depth, Math.min(100, Math.round(((scrollY + innerHeight) / h) * 100)));
  if (article && article.getBoundingClientRect().bottom <= innerHeight + 2) end = true;
};

for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart']) addEventListener(type, onInput, { passive: true });
addEventListener('scroll', () => (onInput(), measure()), { passive: true });
doc.addEventListener('visibilitychange', () => (visible ? flush() : (tick(), (input = now))));
addEventListener('pagehide', flush);

if (video && key) {
  for (const type of ['play', 'playing', 'pause', 'seeking', 'seeked', 'ended', 'waiting', 'volumechange']) video.addEventListener(type, tick);
  fetch(`${api}/resume?key=${key}`, { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : null))
    .then((p: { position?: number } | null) => {
      const at = p?.position ?? 0;
      const go = () => at > 3 && at < video.duration - 3 && !video.currentTime && (video.currentTime = lastPos = at);
      video.readyState ? go() : video.addEventListener('loadedmetadata', go, { once: true });
    })
    .catch(() => {});
}

// Impressions: an item at least half visible for a second counts once per page view.
const timers = new Map<Element, number>();
const io = new IntersectionObserver(
  (entries) => {
    for (const e of entries) {
      const el = e.target as HTMLElement;
      if (e.isIntersecting) {
        timers.set(el, window.setTimeout(() => (imps.push(el.dataset.contentKey!), io.unobserve(el)), 1000));
      } else clearTimeout(timers.get(el));
    }
  },
  { threshold: 0.5 },
);
doc.querySelectorAll<HTMLElement>('[data-content-key]').forEach((el) => el.dataset.contentKey != key && io.observe(el));

if (key) post([{ t: 'view' }]);
measure();
setInterval(() => {
  tick();
  if (sinceBeat >= beatMs || imps.length > 20) flush();
}, 1000);
// Impressions of a listing page go out soon, not only at the next beat.
setInterval(() => imps.length && flush(), 3000);
