// A React 19 host's JSX against privatelink-panel/react (opted in with the reference below);
// must type-check under `tsc --strict` (types.test.mjs). Never run.

/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';
import { useRef } from 'react';
import type { PrivatelinkPanelElement, PrivatelinkChangeDetail } from 'privatelink-panel';

export function Panel(props: { project: string; service: string; getToken: () => Promise<string> }) {
  const ref = useRef<PrivatelinkPanelElement>(null);
  const onChange = (e: CustomEvent<PrivatelinkChangeDetail>) => {
    if (e.detail.cloud === 'google') console.log(e.detail.privatelink?.google_service_attachment);
  };
  return (
    <div>
      <privatelink-panel
        ref={ref}
        id="pl"
        className="panel"
        style={{ maxWidth: '60rem' }}
        api-base="https://api.aiven.io"
        project={props.project}
        service={props.service}
        poll-interval-ms={2000}
        request-timeout-ms="15000"
        approve-deadline-ms={600_000}
        tokenProvider={props.getToken}
        onprivatelink-change={onChange}
        onprivatelink-error={(e) => {
          if (e.detail.code === 'http') console.warn(e.detail.status, e.detail.error_code);
        }}
        hidden={false}
        aria-label="Private links"
      />
      <privatelink-panel class="other" project="p" service="s" token="abc" onprivatelink-changeCapture={(e) => e.detail.connections.length} />
    </div>
  );
}

export function focusPanel(el: PrivatelinkPanelElement | null): void {
  el?.focus();
  if (el) el.tokenProvider = undefined;
}
