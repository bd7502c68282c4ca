// Opt-in Vue 3 types of `<privatelink-panel>`. Add
// `/// <reference types="privatelink-panel/vue" />` to a .d.ts file of the app, or
// `import type {} from 'privatelink-panel/vue'` (types only: there is no runtime module at
// this path). At run time, tell Vue's template compiler the tag is a custom element
// (`isCustomElement: (tag) => tag === 'privatelink-panel'` in its `compilerOptions`) and
// import `privatelink-panel/define`.
//
// What Vue does with the props: a prop the element has as a property (`token`,
// `tokenProvider`) is set as that property, any other becomes an attribute of that very name
// (`api-base`, `project`, …; numbers are written as strings). So attributes are written with
// their dashes, and `tokenProvider` in camelCase (`:token-provider` would set an attribute).
// `@privatelink-change` in a template, `onPrivatelinkChange` in `h()` or TSX, listens for
// the DOM event `privatelink-change` and gets the `CustomEvent` itself.
//
// Three ways Vue code is checked, three declarations:
// - templates (vue-tsc, Vue's editor tooling): the `GlobalComponents` entry, the shape
//   Vue's guide gives for custom elements not built with Vue. vue-tsc reads dashed names
//   of a component in camelCase, so its props are `apiBase`, `pollIntervalMs`, …; write
//   them with dashes in the template all the same (`api-base="…"`);
// - TSX (`jsxImportSource: 'vue'`): Vue's native elements (`IntrinsicElementAttributes`);
// - `h('privatelink-panel', props)`: a string tag is not checked by any types; check the
//   props with `satisfies PrivatelinkPanelVueProps`.

import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type {
  PrivatelinkChangeDetail,
  PrivatelinkErrorDetail,
  PrivatelinkPanelAttributes,
  PrivatelinkPanelElement,
  TokenProvider,
} from './index.js';

/** `'poll-interval-ms'` → `'pollIntervalMs'`, as vue-tsc reads a component's dashed props. */
type Camelize<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camelize<Tail>>}`
  : S;

/** The properties and listeners, the same in every form. */
interface PanelPropsAndListeners {
  /** Set as the element's `tokenProvider` property. */
  tokenProvider?: TokenProvider;
  /** `@privatelink-change` in templates. */
  onPrivatelinkChange?: (event: CustomEvent<PrivatelinkChangeDetail>) => void;
  /** `@privatelink-error` in templates. */
  onPrivatelinkError?: (event: CustomEvent<PrivatelinkErrorDetail>) => void;
}

/**
 * The props of `<privatelink-panel>` as Vue sets them on the element, in `h()` and TSX:
 * attributes with their dashes, properties and listeners.
 */
export interface PrivatelinkPanelVueProps
  extends HTMLAttributes,
    PrivatelinkPanelAttributes,
    PanelPropsAndListeners {}

/**
 * The same props as vue-tsc reads them in a template: dashed names in camelCase (`data-*`
 * attributes too, hence the `dataX` index).
 */
export type PrivatelinkPanelVueTemplateProps = HTMLAttributes &
  PanelPropsAndListeners & {
    [K in keyof PrivatelinkPanelAttributes as Camelize<K>]: PrivatelinkPanelAttributes[K];
  } & { [data: `data${Capitalize<string>}`]: unknown };

/** The events, in the form Vue reads from a component's `$emit`. */
export type PrivatelinkPanelVueEmit = EmitFn<{
  'privatelink-change': (event: CustomEvent<PrivatelinkChangeDetail>) => void;
  'privatelink-error': (event: CustomEvent<PrivatelinkErrorDetail>) => void;
}>;

/** `<privatelink-panel>` as a Vue component type (vue-tsc reads `$props` and `$emit`). */
export type PrivatelinkPanelVueComponent = new () => PrivatelinkPanelElement & {
  /** @deprecated For template type checking only; not a property of the element. */
  $props: PrivatelinkPanelVueTemplateProps & PublicProps;
  /** @deprecated For template type checking only; not a property of the element. */
  $emit: PrivatelinkPanelVueEmit;
};

declare module 'vue' {
  interface GlobalComponents {
    'privatelink-panel': PrivatelinkPanelVueComponent;
  }
  interface IntrinsicElementAttributes {
    'privatelink-panel': PrivatelinkPanelVueProps;
  }
}

// Only what is marked `export` above is exported.
export {};
