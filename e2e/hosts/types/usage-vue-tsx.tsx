/** @jsxImportSource vue */
// Vue 3 TSX (the pragma above: Vue's JSX, not React's) against privatelink-panel/vue; must
// type-check under `tsc --strict` (types.test.mjs). Never run.

/// <reference types="privatelink-panel/vue" />
import 'privatelink-panel/define';
import { defineComponent } from 'vue';

export const Panel = defineComponent({
  props: { project: { type: String, required: true }, service: { type: String, required: true } },
  setup(props) {
    const getToken = async () => (await fetch('/my-session/aiven-token')).text();
    return () => (
      <privatelink-panel
        api-base="/aiven-proxy"
        project={props.project}
        service={props.service}
        poll-interval-ms={2000}
        tokenProvider={getToken}
        onPrivatelinkChange={(e) => {
          if (e.detail.cloud === 'google') console.log(e.detail.connections.map((c) => c.psc_connection_id));
        }}
        onPrivatelinkError={(e) => console.warn(e.detail.code, e.detail.status)}
        class="panel"
      />
    );
  },
});
