import { useCallback, useState } from 'react';
import { summary } from '../../shared-config.js';

export function App({ config }) {
  const [shown, setShown] = useState(true);
  // Keyed children rotated (first to last): a re-order, which React does by moving the
  // panel's element (insertBefore/appendChild), not by unmounting it.
  const [order, setOrder] = useState(['panel', 'nav', 'aside']);
  const [last, setLast] = useState(null);
  const [changes, setChanges] = useState(0);
  const [error, setError] = useState(null);

  // Stable across renders, as a tidy app has it; the `#inline=1` variant below hands a new
  // function at every render, which the element takes without mounting the panel again.
  const tokenProvider = useCallback(async () => config.token, [config.token]);

  // React 19 adds `on<event-name>` props of a custom element as event listeners for
  // `<event-name>` exactly as written (case kept): `onprivatelink-change` listens to
  // `privatelink-change`. No ref or effect needed.
  const onChange = useCallback((e) => {
    setLast(summary(e.detail));
    setChanges((n) => n + 1);
    setError(null);
  }, []);
  const onError = useCallback((e) => {
    setError(`${e.detail.code} ${e.detail.status ?? ''}`.trim());
  }, []);

  const panel = shown ? (
    <privatelink-panel
      key="panel"
      api-base={config.api}
      project={config.project}
      service={config.service}
      poll-interval-ms={config.poll}
      tokenProvider={config.inline ? async () => config.token : tokenProvider}
      onprivatelink-change={onChange}
      onprivatelink-error={onError}
    />
  ) : null;
  const items = {
    panel,
    nav: <nav key="nav" data-testid="host-nav" aria-label="Dashboard"><a href="#top">Top</a></nav>,
    aside: <aside key="aside" data-testid="host-aside">Dashboard sidebar</aside>,
  };

  return (
    <main>
      <h1>React host</h1>
      <p>
        Private link: <output data-testid="host-state" data-changes={changes}>{last ?? 'loading'}</output>
        {' '}<output data-testid="host-error">{error ?? ''}</output>
      </p>
      <button type="button" data-testid="remove-panel" onClick={() => setShown(false)}>Remove the panel</button>
      <button type="button" data-testid="move-panel" onClick={() => setOrder(([first, ...rest]) => [...rest, first])}>Move the panel</button>
      <div data-testid="panel-slot">{order.map((k) => items[k])}</div>
    </main>
  );
}
