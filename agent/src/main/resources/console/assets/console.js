// Touchstone console: live regions refreshed when the server says their topics changed (server-sent events),
// the bench's scale indication updated as it arrives, and commands posted without leaving the page. No library.
(() => {
  'use strict';
  const body = document.body;
  const csrf = body.dataset.csrf;
  const statusBox = document.getElementById('live-status');
  const busy = new Set();
  const dirty = new Set();

  function regionUrl(el) {
    if (el.dataset.src) return el.dataset.src;
    const u = new URL(location.href);
    u.searchParams.set('fragment', el.dataset.fragment);
    return u.pathname + u.search;
  }

  // A region the officer is typing in is refreshed once the field loses focus, not under the officer's hands.
  function editing(el) {
    const a = document.activeElement;
    return a && el.contains(a) && (a.tagName === 'INPUT' || a.tagName === 'SELECT' || a.tagName === 'TEXTAREA');
  }

  async function refresh(el) {
    if (busy.has(el) || editing(el)) { dirty.add(el); return; }
    busy.add(el);
    try {
      const r = await fetch(regionUrl(el), { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin' });
      if (r.status === 401) { location.href = '/login'; return; }
      if (r.ok) {
        const open = [...el.querySelectorAll('details')].map(d => d.open);
        el.innerHTML = await r.text();
        const after = el.querySelectorAll('details');
        if (after.length === open.length) after.forEach((d, i) => { d.open = open[i]; });
        el.dataset.refreshed = String(Number(el.dataset.refreshed || 0) + 1);
      }
    } catch (e) {
      dirty.add(el);
    } finally {
      busy.delete(el);
      if (dirty.has(el) && !editing(el)) { dirty.delete(el); refresh(el); }
    }
  }

  document.addEventListener('focusout', () => setTimeout(() => {
    [...dirty].forEach(el => { if (!editing(el)) { dirty.delete(el); refresh(el); } });
  }, 0));

  function regions(topics) {
    return [...document.querySelectorAll('[data-live]')].filter(el => {
      const mine = el.dataset.live.split(' ');
      return topics === null || topics.some(t => mine.includes(t));
    });
  }

  function status(text, state) {
    if (!statusBox) return;
    statusBox.textContent = text;
    statusBox.dataset.state = state;
  }

  if (csrf && window.EventSource) {
    let lost = false;
    const events = new EventSource('/events');
    events.addEventListener('hello', () => {
      status(body.dataset.connected, 'connected');
      // After a lost connection the page may have missed changes: every region is read again.
      if (lost) regions(null).forEach(refresh);
      lost = false;
    });
    events.onerror = () => { lost = true; status(body.dataset.lost, 'lost'); };
    events.addEventListener('changed', e => regions(JSON.parse(e.data)).forEach(refresh));
    events.addEventListener('scale', e => {
      const s = JSON.parse(e.data);
      document.querySelectorAll('[data-scale]').forEach(el => {
        if (el.dataset.scale !== s.deviceId) return;
        el.querySelector('.value').textContent = s.text;
        el.querySelector('.unit').textContent = s.unit;
        el.querySelector('.state').textContent = s.label;
        el.className = 'indicator state-' + s.state;
      });
    });
    events.addEventListener('logout', () => { location.href = '/login'; });
  }

  // Commands: the answer shown is the server's, which it read back from the agent's journal.
  document.addEventListener('submit', async ev => {
    const form = ev.target;
    if (!form.classList.contains('command')) return;
    ev.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const buttons = form.querySelectorAll('button');
    buttons.forEach(b => { b.disabled = true; });
    try {
      const r = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf },
        credentials: 'same-origin'
      });
      if (r.status === 401) { location.href = '/login'; return; }
      const box = document.getElementById('confirmations');
      const holder = document.createElement('div');
      holder.innerHTML = await r.text();
      [...holder.children].reverse().forEach(c => box.prepend(c));
      while (box.children.length > 5) box.lastElementChild.remove();
    } finally {
      buttons.forEach(b => { b.disabled = false; });
    }
  });

  // Filters apply as soon as a choice is made.
  const filters = document.getElementById('filters');
  if (filters) filters.querySelectorAll('select').forEach(s => s.addEventListener('change', () => filters.submit()));
})();
