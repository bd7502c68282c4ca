// The demo dashboard's own script: embeds the panel the way a host page would, with the
// custom element. The token comes in the URL fragment (#token=…), which the server prints
// at start-up and which never reaches a server log. It is taken out of the address bar and
// the history entry at once, kept for this tab only (sessionStorage, so a reload still
// works), and handed to the element as a property, never as an attribute.
const TOKEN_KEY = 'privatelink-demo/token';
const params = new URLSearchParams(location.search);
const fragment = new URLSearchParams(location.hash.slice(1));
const fromUrl = fragment.get('token');
if (fromUrl !== null) {
  try { sessionStorage.setItem(TOKEN_KEY, fromUrl); } catch { /* storage refused: this page only */ }
  fragment.delete('token');
  const rest = fragment.toString();
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}
let stored = null;
try { stored = sessionStorage.getItem(TOKEN_KEY); } catch { /* storage refused */ }
const token = fromUrl || stored || '';
// `poll` may be given in the query or after the token in the fragment.
const poll = params.get('poll') || fragment.get('poll');
const picker = document.getElementById('demo-service');
const host = document.getElementById('demo-host');

const wanted = params.get('service');
if (wanted) {
  if (![...picker.options].some((o) => o.value === wanted)) picker.add(new Option(wanted, wanted));
  picker.value = wanted;
}

const panel = document.createElement('privatelink-panel');
panel.setAttribute('api-base', params.get('api') || '');
panel.setAttribute('project', params.get('project') || 'demo-project');
panel.setAttribute('service', picker.value);
panel.token = token;
if (poll) panel.setAttribute('poll-interval-ms', poll);
if (!token) {
  const p = document.createElement('p');
  p.className = 'demo-warning';
  p.textContent = 'No token: open the URL the server printed (it ends with #token=…).';
  host.append(p);
}

// The host's own status badge, kept current from the panel's events. An error shows for a
// while, then the last known state comes back (a change event is sent only on a change).
const badge = document.getElementById('demo-status');
let known = { text: '…', state: 'none' };
let errorTimer = null;
const show = ({ text, state }) => { badge.textContent = text; badge.dataset.state = state; };
// What the badge calls each cloud's private link (`cloud` is null outside the three).
const NAMES = { azure: 'PrivateLink', aws: 'AWS PrivateLink', google: 'Private Service Connect' };
panel.addEventListener('privatelink-change', (e) => {
  const { cloud, privatelink, connections } = e.detail;
  const name = NAMES[cloud] ?? 'private link';
  // AWS accepts endpoints by its allowlist: nothing there waits for an approval here.
  const waiting = cloud === 'aws' ? 0
    : connections.filter((c) => c.state === 'pending-user-approval').length;
  known = {
    text: !privatelink ? `no ${name}`
      : `${name} ${privatelink.state}` + (waiting ? `, ${waiting} to approve` : ''),
    state: privatelink ? privatelink.state : 'none',
  };
  clearTimeout(errorTimer);
  show(known);
});
panel.addEventListener('privatelink-error', (e) => {
  show({ text: `API error${e.detail.status ? ` ${e.detail.status}` : ''}`, state: 'error' });
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => show(known), 8000);
});
host.append(panel);

picker.addEventListener('change', () => {
  panel.setAttribute('service', picker.value);
  const u = new URL(location.href);
  u.searchParams.set('service', picker.value);
  history.replaceState(null, '', u);
});
