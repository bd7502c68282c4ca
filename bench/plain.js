// Benchmark baseline only (never shipped): the panel's connections table written by hand in
// plain JavaScript, so `cargo xtask bench` can compare the wasm panel against the least a
// page must do to show the same thing. Same three GETs as the panel, in the same order
// (service, privatelink, then connections if the privatelink is active), same header, same
// table markup and data-testids, same stylesheet. No framework, no polling, no dialogs.
//
// URL like the demo page: ?service=…&project=…&api=…#token=…

const params = new URLSearchParams(location.search);
const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
const apiBase = (params.get('api') || '').replace(/\/+$/, '');
const project = params.get('project') || 'demo-project';
const service = params.get('service') || 'demo-pg';

const serviceUrl = `${apiBase}/v1/project/${encodeURIComponent(project)}/service/${encodeURIComponent(service)}`;
const privatelinkUrl = `${serviceUrl}/privatelink/azure`;
const connectionUrl = (id) => `${privatelinkUrl}/connections/${encodeURIComponent(id)}`;

const statusLine = document.querySelector('[data-testid=plain-status]');
const host = document.getElementById('plain-connections');
document.getElementById('plain-title').textContent = `Azure PrivateLink · ${service}`;

/** One API call: the parsed body on 2xx, an Error with the Aiven message otherwise. */
async function call(method, url, body) {
  const headers = { Authorization: `aivenv1 ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { /* reported below */ }
  if (!res.ok) {
    const err = new Error(json.message || `The API answered ${res.status}.`);
    err.status = res.status;
    throw err;
  }
  return json;
}

const ENDPOINT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/i;

function badgeKind(state) {
  switch (state) {
    case 'active': return 'ok';
    case 'user-approved': case 'connected': return 'busy';
    case 'pending-user-approval': return 'wait';
    default: return 'neutral';
  }
}

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
  }
  for (const c of children) e.append(c);
  return e;
}

function row(c) {
  const id = c.privatelink_connection_id;
  const m = ENDPOINT_ID.exec(c.private_endpoint_id) || [];
  const full = c.private_endpoint_id;
  const actions = el('td', { class: 'plp-actions' });
  if (c.state === 'pending-user-approval') {
    actions.append(el('button', {
      type: 'button', class: 'plp-btn plp-btn--primary', 'aria-label': `Approve ${id}`,
      'data-action': 'approve', 'data-id': id, text: 'Approve',
    }));
  }
  const form = el('form', { class: 'plp-ip', 'data-id': id },
    el('input', {
      class: 'plp-input plp-input--ip', type: 'text', inputmode: 'decimal', placeholder: '10.0.0.5',
      'aria-label': `Endpoint IP of ${id}`, 'data-testid': 'ip-input',
    }),
    el('button', {
      type: 'submit', class: 'plp-btn', 'data-testid': 'save-ip',
      'aria-label': `Save IP for ${id}`, text: 'Save IP',
    }));
  actions.append(form);
  const th = el('th', { scope: 'row' }, el('code', { text: id }));
  return el('tr', { 'data-testid': `connection-${id}` },
    th,
    el('td', { title: full, text: m[1] ?? full }),
    el('td', { text: m[2] ?? '' }),
    el('td', { title: full, text: m[3] ?? '' }),
    el('td', {}, el('span', {
      class: `plp-badge plp-badge--${badgeKind(c.state)}`, 'data-testid': 'state-badge', text: c.state,
    })),
    el('td', { text: c.user_ip_address ?? '—' }),
    actions);
}

function table(connections) {
  const head = el('tr', {}, ...['Connection', 'Subscription', 'Resource group', 'Endpoint', 'State', 'Endpoint IP', 'Actions']
    .map((h) => el('th', { scope: 'col', text: h })));
  const body = el('tbody');
  if (connections.length === 0) {
    body.append(el('tr', {}, el('td', {
      colspan: '7', class: 'plp-muted', 'data-testid': 'no-connections', text: 'No connections yet.',
    })));
  }
  // Built off-document, inserted once.
  const frag = document.createDocumentFragment();
  for (const c of connections) frag.append(row(c));
  body.append(frag);
  return el('table', { class: 'plp-table', 'data-testid': 'connections' },
    el('caption', { text: 'Private endpoint connections' }), el('thead', {}, head), body);
}

function replaceRow(c) {
  const old = host.querySelector(`tr[data-testid="connection-${CSS.escape(c.privatelink_connection_id)}"]`);
  if (old) old.replaceWith(row(c));
}

host.addEventListener('click', async (ev) => {
  const b = ev.target.closest('button[data-action=approve]');
  if (!b) return;
  b.disabled = true;
  try {
    replaceRow(await call('POST', `${connectionUrl(b.dataset.id)}/approve`));
  } catch (e) {
    statusLine.textContent = e.message;
    b.disabled = false;
  }
});

host.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.target;
  const ip = form.querySelector('input').value.trim();
  if (!ip) return;
  try {
    replaceRow(await call('PUT', connectionUrl(form.dataset.id), { user_ip_address: ip }));
  } catch (e) {
    statusLine.textContent = e.message;
  }
});

async function load() {
  if (!token) {
    statusLine.textContent = 'No token: open the page with #token=…';
    return;
  }
  try {
    await call('GET', serviceUrl);
    let pl;
    try {
      pl = await call('GET', privatelinkUrl);
    } catch (e) {
      if (e.status === 404) {
        statusLine.textContent = 'This service has no Azure PrivateLink.';
        return;
      }
      throw e;
    }
    statusLine.textContent = `Private Link service ${pl.state}`;
    if (pl.state !== 'active') return;
    const { connections = [] } = await call('GET', `${privatelinkUrl}/connections`);
    host.replaceChildren(table(connections));
  } catch (e) {
    statusLine.textContent = e.message;
  }
}

load();
