// The custom element <privatelink-panel> and the panel's width watcher: the JavaScript side
// of the panel's embedding API, imported by src/lib.rs (`#[wasm_bindgen(module = ...)]`) and
// shipped by wasm-bindgen as a snippet beside the panel's module. Its own file so that
// linters and editors see it as JavaScript. `mount` is the Rust `mount(element, options)`.

// Sets .plp--narrow on the mount element while it is narrower than `px` (the card layout in
// panel.css); returns the function that stops watching.
// It also tells the panel (a `plp-visible` event on `el`, which does not bubble) when the
// panel comes back from no box at all (`display: none`, a hidden tab of the dashboard): the
// panel does not poll while it has no box, and looks once at once when it shows again.
export function watch_width(el, px) {
  if (typeof ResizeObserver !== 'function') return () => {};
  let hidden = false;
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      // 0 is no width at all (an inline box, a hidden host): not narrow.
      el.classList.toggle('plp--narrow', e.contentRect.width > 0 && e.contentRect.width < px);
      const none = el.getClientRects().length === 0;
      if (hidden && !none) el.dispatchEvent(new Event('plp-visible'));
      hidden = none;
    }
  });
  ro.observe(el);
  return () => { ro.disconnect(); el.classList.remove('plp--narrow'); };
}
const ATTRS = ['api-base', 'project', 'service', 'poll-interval-ms', 'request-timeout-ms', 'approve-deadline-ms'];
export function define_element(mount) {
  if (customElements.get('privatelink-panel')) return;
  class PrivatelinkPanel extends HTMLElement {
    static get observedAttributes() { return [...ATTRS, 'token']; }
    connectedCallback() {
      // Properties set before the element was defined shadow the accessors: move them over.
      for (const p of ['token', 'tokenProvider']) {
        if (Object.prototype.hasOwnProperty.call(this, p)) { const v = this[p]; delete this[p]; this[p] = v; }
      }
      this._takeTokenAttribute();
      this._schedule();
    }
    disconnectedCallback() { this._pending = false; if (this._handle) { this._handle.unmount(); this._handle = null; } this._last = null; }
    attributeChangedCallback(name) {
      if (name === 'token') this._takeTokenAttribute();
      if (this.isConnected) this._schedule();
    }
    get token() { return this._token; }
    set token(v) { this._token = v == null ? undefined : String(v); if (this.isConnected) this._schedule(); }
    get tokenProvider() { return this._provider; }
    set tokenProvider(f) { this._provider = typeof f === 'function' ? f : undefined; if (this.isConnected) this._schedule(); }
    // A token given as an attribute is read once and removed: it is not left in the DOM
    // for other scripts, extensions or saved pages to read.
    _takeTokenAttribute() {
      const t = this.getAttribute('token');
      if (t !== null) { this._token = t; this.removeAttribute('token'); }
    }
    // Attribute changes arrive one by one (all of them at upgrade): render once after them.
    _schedule() {
      if (this._pending) return;
      this._pending = true;
      queueMicrotask(() => { if (this._pending && this.isConnected) { this._pending = false; this._render(); } });
    }
    _render() {
      const values = ATTRS.map((a) => this.getAttribute(a));
      const same = this._handle && this._last && values.every((v, i) => v === this._last.values[i])
        && this._token === this._last.token && this._provider === this._last.provider;
      if (same) return;
      if (this._handle) { this._handle.unmount(); this._handle = null; }
      this.replaceChildren();
      // No token yet (a framework sets it after connecting the element): a quiet wait,
      // nothing on the page and nothing sent; setting `token` or `tokenProvider` renders.
      if (!this._provider && !this._token) { this._last = null; return; }
      this._last = { values, token: this._token, provider: this._provider };
      const opts = {
        apiBase: this.getAttribute('api-base') || '',
        project: this.getAttribute('project') || '',
        service: this.getAttribute('service') || '',
        pollIntervalMs: this.getAttribute('poll-interval-ms') || undefined,
        requestTimeoutMs: this.getAttribute('request-timeout-ms') || undefined,
        approveDeadlineMs: this.getAttribute('approve-deadline-ms') || undefined,
      };
      if (this._provider) opts.tokenProvider = this._provider;
      else opts.token = this._token || '';
      try { this._handle = mount(this, opts); }
      // A developer's mistake (a missing project, say): said in the console, not on the page.
      catch (e) { console.error(e); }
    }
  }
  customElements.define('privatelink-panel', PrivatelinkPanel);
}
