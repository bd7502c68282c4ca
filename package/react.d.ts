// Opt-in JSX types of `<privatelink-panel>` for React 19 (`@types/react` 19). Add
// `/// <reference types="privatelink-panel/react" />` to a .d.ts or .tsx file of the app,
// or `import type {} from 'privatelink-panel/react'` (types only: there is no runtime module
// at this path), and import `privatelink-panel/define` before the element renders.
//
// What React 19 does with the props, and so what they are typed as:
// - a prop the element has as a property (`token`, `tokenProvider`, `className`, …) is set
//   as that property; any other prop becomes an attribute (`api-base`, `project`, …;
//   numbers are written as strings);
// - `on<name>` adds `addEventListener('<name>', fn)`, `on<name>Capture` the same with
//   capture: the name after `on` is the DOM event's name as it is, so it is
//   `onprivatelink-change` (not `onPrivatelinkChange`, which would listen for an event
//   named `PrivatelinkChange`), and the listener gets the DOM `CustomEvent` itself.
// TypeScript does not report unknown JSX attribute names that contain a dash
// (`'onprivatelink-chnage'`), so spell those carefully.

import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  PrivatelinkChangeDetail,
  PrivatelinkErrorDetail,
  PrivatelinkPanelAttributes,
  PrivatelinkPanelElement,
  TokenProvider,
} from './index.js';

/** The props of `<privatelink-panel>` in React 19 JSX. */
export interface PrivatelinkPanelReactProps
  extends DetailedHTMLProps<HTMLAttributes<PrivatelinkPanelElement>, PrivatelinkPanelElement>,
    PrivatelinkPanelAttributes {
  /** Set as the element's `tokenProvider` property. */
  tokenProvider?: TokenProvider;
  /** `class` works as well as `className` on a custom element. */
  class?: string;
  'onprivatelink-change'?: (event: CustomEvent<PrivatelinkChangeDetail>) => void;
  'onprivatelink-changeCapture'?: (event: CustomEvent<PrivatelinkChangeDetail>) => void;
  'onprivatelink-error'?: (event: CustomEvent<PrivatelinkErrorDetail>) => void;
  'onprivatelink-errorCapture'?: (event: CustomEvent<PrivatelinkErrorDetail>) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'privatelink-panel': PrivatelinkPanelReactProps;
    }
  }
}
