// What both apps read from their address: `#api=…&project=…&service=…&token=…&poll=…`, read
// once at start-up; the fragment is then taken out of the address bar (the token is a
// secret: not left in the address, the history or the DOM). Kept in sessionStorage for the
// tab, as the demo page does, so a reload (Vite's dev server reloads the page when it
// optimizes new dependencies) still works.
const KEY = 'privatelink-host-config';

export function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has('service')) {
    sessionStorage.setItem(KEY, JSON.stringify(Object.fromEntries(params)));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const given = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
  return {
    api: given.api ?? '',
    project: given.project ?? 'demo-project',
    service: given.service ?? '',
    token: given.token ?? '',
    poll: given.poll ?? '2000',
    // `inline=1`: hand the element a new provider function on every render, as an inline
    // arrow function in JSX or a template does (what the test's "new function" case uses).
    inline: given.inline === '1',
  };
}

/** The host's one-line summary of a `privatelink-change` detail, e.g. "azure active 2". */
export function summary(detail) {
  const cloud = detail.cloud ?? 'none';
  const state = detail.privatelink ? detail.privatelink.state : 'none';
  return `${cloud} ${state} ${detail.connections.length}`;
}
