// The demo dashboard's own script: embeds the panel the way a host page would, with the
// custom element. The token comes from the URL fragment (#token=…), which the server
// prints at start-up and which never reaches a server log.
const params = new URLSearchParams(location.search);
const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
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
panel.setAttribute('token', token);
if (params.get('poll')) panel.setAttribute('poll-interval-ms', params.get('poll'));
if (!token) {
  const p = document.createElement('p');
  p.className = 'demo-warning';
  p.textContent = 'No token: open the URL the server printed (it ends with #token=…).';
  host.append(p);
}
host.append(panel);

picker.addEventListener('change', () => {
  panel.setAttribute('service', picker.value);
  const u = new URL(location.href);
  u.searchParams.set('service', picker.value);
  history.replaceState(null, '', u);
});
