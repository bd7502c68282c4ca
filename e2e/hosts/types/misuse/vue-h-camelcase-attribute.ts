// expect: TS2561 'apiBase' does not exist in type 'PrivatelinkPanelVueProps'
// h() sets props as written: the attribute is api-base (apiBase would be an attribute "apibase").
/// <reference types="privatelink-panel/vue" />
import { h } from 'vue';
import type { PrivatelinkPanelVueProps } from 'privatelink-panel/vue';

export const vnode = h('privatelink-panel', { apiBase: '/aiven-proxy', project: 'p', service: 's' } satisfies PrivatelinkPanelVueProps);
