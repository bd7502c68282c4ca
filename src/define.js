// The `define` module: registers <privatelink-panel> synchronously, in plain JavaScript,
// and loads the wasm panel only when the first element connects (or when the host calls
// `init()`). A host imports this small file first; frameworks that look at the element
// when they render (React 19 checks `'tokenProvider' in element`) then see a defined
// element with its accessors from the start. Shipped as `define.js` beside the panel's
// module in dist/ and in the npm package (`privatelink-panel/define`).
//
// The two module names below are rewritten by `cargo xtask build-panel` to the
// content-hashed names in dist/ (they stay as they are in the npm package, whose bundler
// hashes them itself). They are string literals so bundlers can follow them.

const ATTRS = ['api-base', 'project', 'service', 'poll-interval-ms', 'request-timeout-ms', 'approve-deadline-ms'];
const WASM = new URL('./privatelink-panel_bg.wasm', import.meta.url);

let loading = null;
let loadingFrom;
let mountFn = null;

// The panel's first requests, started while the wasm is still loading, under the same rules
// as the panel's own requests: the token provider is asked for each token, the request
// timeout runs from each one's start, and removing the element aborts them. First the
// service; once it has answered, its cloud says which private link to ask for, and that
// privatelink and its connections are asked for together — the GETs the panel's first load
// makes (src/state.rs `Ctx::reload`). The panel adopts each one when it asks for the same
// URL (src/api.rs, `Early`) and reads its answer as its own; what it did not ask for by the
// end of its first load is aborted. A provider that fails leaves the request to the panel,
// which asks again and reports the failure as it does any other.
const DEFAULT_TIMEOUT_MS = 15000;
// The longest the panel's first run waits for the early service answer once its code is in.
const MOUNT_WAIT_MS = 100;
// How long the panel's code may take to load before the element says it is loading: a load
// as quick as a desktop's shows no note before the panel's own "Loading…".
const NOTE_DELAY_MS = 300;

// The clouds with private connectivity, by the path segment under `…/privatelink/`; a
// service's `cloud_name` starts with the segment and a dash (`azure-westeurope`). The
// panel decides from privatelink-core's `Cloud::ALL`, which a core test holds this list to.
const CLOUDS = ['aws', 'azure', 'google'];

// As the panel reads it (src/lib.rs `Millis`): digits only, and more digits than a number
// holds (Infinity past 308 of them) the most, clamped.
function millis(v, dflt, min, max) {
  const n = /^\s*\d+\s*$/.test(v ?? '') ? Number.parseInt(v, 10) : NaN;
  return Number.isNaN(n) ? dflt : Math.min(Math.max(n, min), max);
}

// The URL the panel's client asks first (src/api.rs `service_url`); null without a project
// and a service.
function earlyUrl(el) {
  const project = el.getAttribute('project');
  const service = el.getAttribute('service');
  if (!project || !service || typeof fetch !== 'function' || typeof AbortController !== 'function') return null;
  const base = (el.getAttribute('api-base') || '').replace(/\/+$/, '');
  return `${base}/v1/project/${encodeURIComponent(project)}/service/${encodeURIComponent(service)}`;
}

// The path segment of the service's cloud in a service answer's text; null for a cloud
// without private connectivity or an answer that is not one.
function cloudOf(text) {
  let name;
  try { name = JSON.parse(text)?.service?.cloud_name; } catch { return null; }
  return typeof name === 'string' ? CLOUDS.find((c) => name.startsWith(`${c}-`)) ?? null : null;
}

// One GET under the element's credential, its own abort controller and timer; `then`
// (optional) sees a 200 answer's text before the answer is handed on.
function earlyGet(el, url, then) {
  const controller = new AbortController();
  const { signal } = controller;
  let timedOut = false;
  const ms = millis(el.getAttribute('request-timeout-ms'), DEFAULT_TIMEOUT_MS, 100, 600000);
  const deadline = performance.now() + ms;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, ms);
  // Settles (rejects) as soon as the request is aborted: a provider that never answers is
  // still under the timeout and a removal.
  const aborted = new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  aborted.catch(() => {});
  const provider = el._provider;
  const fixed = el._token;
  const response = (async () => {
    let token;
    try { token = provider ? await Promise.race([provider(), aborted]) : fixed; } catch (e) {
      if (signal.aborted) throw e;
      // The provider failed: the panel asks it again and reports that as it does any other.
      return null;
    }
    if (typeof token !== 'string') return null;
    const r = await fetch(url, { headers: { Authorization: `aivenv1 ${token}` }, signal });
    // The body too, under the timer: the answer is whole (or failed) when the timer stops.
    const body = await Promise.race([r.text(), aborted]);
    // Before the answer is handed on: whoever waits for it finds what follows from it
    // already asked for.
    if (then && r.status === 200) then(body);
    return new Response([101, 204, 205, 304].includes(r.status) ? null : body,
      { status: r.status, statusText: r.statusText, headers: r.headers });
  })().finally(() => clearTimeout(timer));
  // Unadopted and failed (aborted by a removal, say): nothing to report from here.
  response.catch(() => {});
  return {
    response,
    // Taken by the panel: its own timer then runs for the time left, and its unmount
    // aborts this.
    adopt() {
      clearTimeout(timer);
      return { response, controller, timedOut, left: Math.max(0, Math.round(deadline - performance.now())) };
    },
    abort() { clearTimeout(timer); controller.abort(); },
  };
}

// The early requests of one element: the service GET at once, the privatelink and its
// connections when the service has answered. The panel takes each by its URL.
function startEarly(el, url) {
  const requests = new Map();
  let ended = false;
  const get = (u, then) => { const r = earlyGet(el, u, then); requests.set(u, r); return r; };
  const service = get(url, (text) => {
    const cloud = cloudOf(text);
    // Removed meanwhile (its teardown a task away): nothing more is asked for it.
    if (ended || !cloud || !el.isConnected) return;
    const privatelink = `${url}/privatelink/${cloud}`;
    get(privatelink);
    get(`${privatelink}/connections`);
  });
  return {
    url,
    /** Settles when the service GET has (what follows from it asked for by then). */
    settled: service.response.then(() => {}, () => {}),
    /** The request for `u`, adopted (once); null when there is none. */
    take(u) {
      const r = requests.get(u);
      if (!r) return null;
      requests.delete(u);
      return r.adopt();
    },
    /** Aborts what was not taken, and asks for nothing more. */
    abort() {
      ended = true;
      for (const r of requests.values()) r.abort();
      requests.clear();
    },
  };
}

// Starts the wasm's download early (with the module's), so it does not wait for the module
// to be fetched and run first; wasm-bindgen's own fetch then takes the preloaded response.
function preload(url) {
  if (typeof document === 'undefined' || !document.head) return;
  const href = String(url);
  for (const l of document.head.querySelectorAll('link[rel=preload][as=fetch]')) {
    if (l.href === new URL(href, document.baseURI).href) return;
  }
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.type = 'application/wasm';
  link.crossOrigin = 'anonymous';
  link.href = href;
  document.head.append(link);
}

/**
 * Loads the panel's wasm now (else it loads when the first element connects). Safe to call
 * more than once: the first call's options win. `module_or_path` serves the wasm from
 * elsewhere (a CDN): a URL, a Response, bytes or a compiled WebAssembly.Module.
 * @param {{ module_or_path?: string | URL | Request | Response | BufferSource | WebAssembly.Module }} [options]
 * @returns {Promise<void>}
 */
export function init(options = {}) {
  const given = options && options.module_or_path !== undefined ? options.module_or_path : undefined;
  if (loading && given !== undefined && given !== loadingFrom) {
    console.warn('privatelink-panel: init() was called with another module_or_path after the panel started loading; the first one is used');
  }
  if (!loading) {
    const where = given !== undefined ? given : WASM;
    loadingFrom = given;
    if (typeof where === 'string' || where instanceof URL) preload(where);
    loading = import('./privatelink-panel.js')
      .then(async (m) => {
        await m.default({ module_or_path: where });
        mountFn = m.mount;
        return m.mount;
      });
    // Said once in the console; each element says it on its own too. A failed load may be
    // tried again (a later init() or element).
    loading.catch((e) => {
      console.error('privatelink-panel: the panel could not be loaded', e);
      loading = null;
    });
  }
  return loading.then(() => undefined);
}

// Importing this module where there is no DOM (server-side rendering in Next.js or Nuxt)
// must not throw: the class then extends nothing and is never registered.
const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

class PrivatelinkPanel extends Base {
  static get observedAttributes() { return [...ATTRS, 'token']; }

  constructor() {
    super();
    // For the loading note's custom state; a browser without it shows no note.
    try { this._internals = this.attachInternals(); } catch { this._internals = null; }
  }

  connectedCallback() {
    // Moved (removed and inserted again in one task, by a keyed re-order or a portal):
    // the panel is kept as it is, with its data, polls and waits.
    if (this._teardown) { clearTimeout(this._teardown); this._teardown = 0; }
    // Properties set before the element was defined shadow the accessors: move them over.
    for (const p of ['token', 'tokenProvider']) {
      if (Object.prototype.hasOwnProperty.call(this, p)) { const v = this[p]; delete this[p]; this[p] = v; }
    }
    this._takeTokenAttribute();
    // The load starts in `_render`, a microtask later: after the body of a host module
    // that imported this one, so the host's `init({ module_or_path })` comes first even for
    // elements already in the page (upgraded synchronously when the element is defined).
    this._schedule();
  }

  // Where the browser has `moveBefore`, a move calls this instead of disconnect + connect.
  connectedMoveCallback() {}

  disconnectedCallback() {
    this._pending = false;
    // Deferred to a later task: an element connected again before it runs was only moved.
    clearTimeout(this._teardown);
    this._teardown = setTimeout(() => {
      this._teardown = 0;
      if (this.isConnected) return;
      this._dropEarly();
      this._loadingNote(false);
      if (this._handle) { this._handle.unmount(); this._handle = null; }
      this._last = null;
    }, 0);
  }

  _dropEarly() {
    if (this._early) { this._early.abort(); this._early = null; }
  }

  attributeChangedCallback(name) {
    if (name === 'token') this._takeTokenAttribute();
    if (this.isConnected) this._schedule();
  }

  get token() { return this._token; }
  set token(v) { this._token = v == null ? undefined : String(v); if (this.isConnected) this._schedule(); }
  get tokenProvider() { return this._provider; }
  set tokenProvider(f) { this._provider = typeof f === 'function' ? f : undefined; if (this.isConnected) this._schedule(); }

  // A token given as an attribute is read once and removed: it is not left in the DOM for
  // other scripts, extensions or saved pages to read.
  _takeTokenAttribute() {
    const t = this.getAttribute('token');
    if (t !== null) { this._token = t; this.removeAttribute('token'); }
  }

  // Attribute changes arrive one by one (all of them at upgrade): render once after them.
  _schedule() {
    if (this._pending) return;
    this._pending = true;
    queueMicrotask(() => {
      if (!this._pending) return;
      // Cleared even when detached, or a later connect could never schedule again.
      this._pending = false;
      if (this.isConnected) this._render();
    });
  }

  _render() {
    // Early requests are for this element as it is now: another URL, or no credential any
    // more (a host that signs out), and they are not wanted, loaded or not. One early set
    // per URL: a framework that renders again (a new provider function each time) does
    // not start it over.
    const url = (this._provider || this._token) ? earlyUrl(this) : null;
    if (this._early && this._early.url !== url) this._dropEarly();
    if (!mountFn) {
      if (this._loadFailed) return;
      // Not loaded yet: render when it is, and meanwhile ask for the service already. A
      // failed load is said once, in few words.
      if (!this._early && url) this._early = startEarly(this, url);
      this._loadingNote(url !== null);
      init().then(() => {
        // The panel's first run is a long task. Answers already on their way are read
        // first (the service's, and with it the privatelink and connections GETs go out),
        // so the network works while the panel starts; bounded, so a slow answer does not
        // hold back the panel's own "Loading…".
        const early = this._early;
        if (!early) { this._schedule(); return; }
        let timer;
        Promise.race([early.settled, new Promise((r) => { timer = setTimeout(r, MOUNT_WAIT_MS); })])
          .then(() => { clearTimeout(timer); this._schedule(); });
      }, (e) => { this._dropEarly(); this._failed(e); });
      return;
    }
    const values = ATTRS.map((a) => this.getAttribute(a));
    // The credential is read at each request (below), so a new token or a new provider
    // function (one written inline in JSX or a template is new at every render) is used
    // from the next request on without building the panel again; only the attributes and
    // whether there is a credential at all decide that.
    const same = this._handle && this._last && values.every((v, i) => v === this._last.values[i]);
    if (same && (this._provider || this._token)) return;
    if (this._handle) { this._handle.unmount(); this._handle = null; }
    this.replaceChildren();
    this._loadingNote(false);
    // No token yet (a framework sets it after connecting the element): a quiet wait,
    // nothing on the page and nothing sent; setting `token` or `tokenProvider` renders.
    if (!this._provider && !this._token) { this._last = null; return; }
    this._last = { values };
    const opts = {
      apiBase: this.getAttribute('api-base') || '',
      project: this.getAttribute('project') || '',
      service: this.getAttribute('service') || '',
      pollIntervalMs: this.getAttribute('poll-interval-ms') || undefined,
      requestTimeoutMs: this.getAttribute('request-timeout-ms') || undefined,
      approveDeadlineMs: this.getAttribute('approve-deadline-ms') || undefined,
    };
    // One provider for the panel's life, asking the element for what it has now.
    opts.tokenProvider = () => (this._provider ? this._provider.call(undefined) : this._token || '');
    if (this._early) { opts.early = this._early; this._early = null; }
    try { this._handle = mountFn(this, opts); }
    // A developer's mistake (a missing project, say): said in the console, not on the page.
    catch (e) { if (opts.early) opts.early.abort(); console.error(e); }
  }

  // While the panel's code loads (seconds on a slow network), an element with something to
  // show says so instead of leaving a blank space: after NOTE_DELAY_MS it takes the custom
  // state `loading`, which panel.css shows as a line of generated text while the element is
  // empty (children a host put in it as its own placeholder win). Nothing is put in the
  // element, so a framework hydrating server-rendered markup finds it as it left it. The
  // state goes when the panel mounts, the load fails, the credential goes or the element does.
  _loadingNote(show) {
    const states = this._internals && this._internals.states;
    if (!states) return;
    if (show) {
      if (this._noteTimer || states.has('loading')) return;
      this._noteTimer = setTimeout(() => {
        this._noteTimer = 0;
        // A browser with the older dashed syntax only (`--loading`) gets no note.
        try { states.add('loading'); } catch { /* no note */ }
      }, NOTE_DELAY_MS);
    } else {
      clearTimeout(this._noteTimer);
      this._noteTimer = 0;
      states.delete('loading');
    }
  }

  // The panel's code could not be loaded (offline, blocked by a policy, a wrong path): one
  // short line for the person, the details in the console, an event for the host.
  _failed(e) {
    if (!this.isConnected || this._loadFailed) return;
    this._loadFailed = true;
    this._loadingNote(false);
    const p = document.createElement('p');
    p.className = 'plp-load-error';
    p.setAttribute('role', 'alert');
    p.textContent = 'The private link panel could not be loaded. Check your connection and reload the page.';
    this.replaceChildren(p);
    this.dispatchEvent(new CustomEvent('privatelink-error', {
      bubbles: true,
      composed: true,
      detail: { code: 'load', status: null, message: p.textContent, error_code: null },
    }));
    void e;
  }
}

if (typeof customElements !== 'undefined' && typeof HTMLElement !== 'undefined'
  && !customElements.get('privatelink-panel')) {
  customElements.define('privatelink-panel', PrivatelinkPanel);
}
