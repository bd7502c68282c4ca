// A Vue 3 host against privatelink-panel/vue (opted in with the reference below); must
// type-check under `tsc --strict` (types.test.mjs). Never run. Checks what vue-tsc reads for
// `<privatelink-panel …>` in a template (the GlobalComponents entry's $props and $emit: a
// template's dashed names arrive there in camelCase), and an `h()` call's props.

/// <reference types="privatelink-panel/vue" />
import 'privatelink-panel/define';
import { createApp, defineComponent, h } from 'vue';
import type { GlobalComponents } from 'vue';
import type { PrivatelinkPanelVueProps } from 'privatelink-panel/vue';

// `<privatelink-panel api-base="/aiven-proxy" project="my-project" service="my-pg"
//   poll-interval-ms="2000" :tokenProvider="getToken" @privatelink-change="…" class="panel">`
type Panel = InstanceType<GlobalComponents['privatelink-panel']>;
const templateProps: Panel['$props'] = {
  apiBase: '/aiven-proxy',
  project: 'my-project',
  service: 'my-pg',
  pollIntervalMs: '2000',
  requestTimeoutMs: 15000,
  approveDeadlineMs: 600_000,
  tokenProvider: async () => 'token',
  onPrivatelinkChange: (e) => {
    if (e.detail.cloud === 'aws') console.log(e.detail.privatelink?.aws_service_name);
  },
  onPrivatelinkError: (e) => console.warn(e.detail.code, e.detail.message),
  class: 'panel',
  id: 'pl',
  'aria-label': 'Private links',
  dataTestid: 'panel',
};
void templateProps;
declare const panel: Panel;
panel.$emit('privatelink-error', new CustomEvent('privatelink-error', {
  detail: { code: 'timeout', status: null, message: 'slow', error_code: null },
}));
// A template ref to it is the element, with its own properties.
const t: string | undefined = panel.token;
void t;

// h() with the tag as a string: the props checked with `satisfies`, as Vue sets them.
export const App = defineComponent({
  setup() {
    return () =>
      h('privatelink-panel', {
        'api-base': '/aiven-proxy',
        project: 'my-project',
        service: 'my-pg',
        'poll-interval-ms': 2000,
        tokenProvider: () => 'token',
        onPrivatelinkChange: (e) => {
          if (e.detail.cloud === null) console.log('no private connectivity', e.detail.connections.length);
        },
      } satisfies PrivatelinkPanelVueProps);
  },
});

const app = createApp(App);
app.config.compilerOptions.isCustomElement = (tag) => tag === 'privatelink-panel';
