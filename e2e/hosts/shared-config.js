// What both apps read from their address: `#api=…&project=…&service=…&token=…&poll=…`, read
// once at start-up; the fragment is then taken out of the address bar (the token is a
// secret: it stays in memory only, handed to the panel by a token provider).
export function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const config = {
    api: params.get('api') ?? '',
    project: params.get('project') ?? 'demo-project',
    service: params.get('service') ?? '',
    token: params.get('token') ?? '',
    poll: params.get('poll') ?? '2000',
  };
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return config;
}

/** The host's one-line summary of a `privatelink-change` detail, e.g. "azure active 2". */
export function summary(detail) {
  const cloud = detail.cloud ?? 'none';
  const state = detail.privatelink ? detail.privatelink.state : 'none';
  return `${cloud} ${state} ${detail.connections.length}`;
}
