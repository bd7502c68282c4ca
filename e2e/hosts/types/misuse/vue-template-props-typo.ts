// expect: TS2561 'servce' does not exist
// What vue-tsc reads for a template: the GlobalComponents entry's $props.
/// <reference types="privatelink-panel/vue" />
import type { GlobalComponents } from 'vue';

type Panel = InstanceType<GlobalComponents['privatelink-panel']>;
export const props: Panel['$props'] = { project: 'p', servce: 's' };
