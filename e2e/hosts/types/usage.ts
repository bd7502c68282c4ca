// Typical host code against the package's declarations (privatelink-panel and
// privatelink-panel/define); must type-check under `tsc --strict` (types.test.mjs). Never run.

import init, { initSync, mount, PanelHandle } from 'privatelink-panel';
import type {
  MountOptions,
  PrivatelinkChangeDetail,
  PrivatelinkErrorDetail,
  PrivatelinkPanelElement,
} from 'privatelink-panel';
import { init as initElement } from 'privatelink-panel/define';
import type { AwsConnection, ConnectionState, PrivatelinkErrorCode } from 'privatelink-panel/define';

export async function withMount(host: HTMLElement): Promise<PanelHandle> {
  await init();
  await init({ module_or_path: new URL('https://cdn.example/privatelink-panel_bg.wasm') });
  await init({ module_or_path: fetch('/privatelink-panel_bg.wasm') });
  const handle = mount(host, {
    apiBase: '/aiven-proxy',
    tokenProvider: async () => (await fetch('/my-session/aiven-token')).text(),
    project: 'my-project',
    service: 'my-pg',
    pollIntervalMs: 2000,
    requestTimeoutMs: '15000',
    approveDeadlineMs: 600_000,
  });
  const fixed: MountOptions = { token: 'abc', project: 'p', service: 's' };
  mount(host, fixed).unmount();
  mount(host, { tokenProvider: () => 'sync-token', project: 'p', service: 's' });
  const still: boolean = handle.mounted;
  if (still) handle.unmount();
  handle.free();
  return handle;
}

export function fromBytes(bytes: ArrayBuffer): void {
  initSync({ module: bytes });
}

export async function withElement(): Promise<void> {
  await initElement();
  await initElement({ module_or_path: '/static/privatelink-panel_bg.wasm' });

  const el = document.querySelector('privatelink-panel');
  if (!el) return;
  const same: PrivatelinkPanelElement = el;
  same.tokenProvider = async () => 'token';
  el.token = 'abc';
  el.token = undefined;
  const t: string | undefined = el.token;
  void t;
  el.setAttribute('poll-interval-ms', '5000');

  const made = document.createElement('privatelink-panel');
  made.tokenProvider = () => 'token';
  document.body.append(made);

  el.addEventListener('privatelink-change', (e) => {
    const d: PrivatelinkChangeDetail = e.detail;
    const who: string = `${d.project}/${d.service}`;
    void who;
    // Every cloud's connections have a state (the README's badge example).
    const waiting = d.connections.filter((c) => c.state === 'pending-user-approval').length;
    const label = !d.privatelink ? 'no PrivateLink' : `PrivateLink ${d.privatelink.state}` + (waiting ? `, ${waiting} to approve` : '');
    void label;
    switch (d.cloud) {
      case 'azure': {
        const alias: string | null = d.privatelink?.azure_service_alias ?? null;
        const subs: string[] = d.privatelink?.user_subscription_ids ?? [];
        for (const c of d.connections) {
          const ip: string | null = c.user_ip_address;
          const ep: string = c.private_endpoint_id;
          void [ip, ep];
        }
        void [alias, subs];
        break;
      }
      case 'aws': {
        const name: string | null | undefined = d.privatelink?.aws_service_name;
        const principals: string[] | undefined = d.privatelink?.principals;
        const dns: string[] = d.connections.map((c: AwsConnection) => c.dns_name);
        const ids: (string | null)[] = d.connections.map((c) => c.privatelink_connection_id);
        void [name, principals, dns, ids];
        break;
      }
      case 'google': {
        const attachment = d.privatelink?.google_service_attachment;
        const psc: string[] = d.connections.map((c) => c.psc_connection_id);
        void [attachment, psc];
        break;
      }
      case null: {
        const none: null = d.privatelink;
        const empty: number = d.connections.length;
        void [none, empty];
        break;
      }
      default: {
        const unreachable: never = d;
        void unreachable;
      }
    }
    const states: ConnectionState[] = d.connections.map((c) => c.state);
    void states;
  });

  // The events bubble and are composed: typed on document and window too.
  document.addEventListener('privatelink-error', (e) => {
    const d: PrivatelinkErrorDetail = e.detail;
    const code: PrivatelinkErrorCode = d.code;
    if (d.code === 'http') {
      const status: number = d.status;
      const apiCode: string | null = d.error_code;
      if (apiCode === 'permission_denied') console.info('read-only', status);
    } else if (d.code === 'token-provider' || d.code === 'load') {
      const none: null = d.status;
      void none;
    }
    console.warn(code, d.message);
  });
  window.addEventListener('privatelink-change', (e) => void e.detail.cloud);
}
