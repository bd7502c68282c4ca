// TypeScript declarations of `privatelink-panel/define` (src/define.js): the module that
// registers `<privatelink-panel>` when it is imported and loads the wasm when the first
// element connects (or when `init()` is called). Importing it also brings the element's
// types: `document.querySelector('privatelink-panel')` is a `PrivatelinkPanelElement`, and
// its events' details are typed (the global declarations are in ./index.d.ts).

import type { InitInput } from './index.js';

export type {
  Cloud,
  ConnectionState,
  PrivatelinkState,
  AzurePrivatelink,
  AzurePrivatelinkConnection,
  AwsPrivatelink,
  AwsConnection,
  GooglePrivatelink,
  GoogleConnection,
  PrivatelinkChangeDetail,
  PrivatelinkErrorCode,
  PrivatelinkErrorDetail,
  PrivatelinkPanelEventMap,
  PrivatelinkPanelElement,
  PrivatelinkPanelAttributes,
  TokenProvider,
  Milliseconds,
  InitInput,
} from './index.js';

/**
 * Loads the panel's wasm now (else it loads when the first element connects). Safe to call
 * more than once: the first call's options win. `module_or_path` serves the wasm from
 * elsewhere (a CDN): a URL, a Response, bytes or a compiled WebAssembly.Module. Rejects
 * when the wasm cannot be loaded (each element then shows one short line and dispatches
 * `privatelink-error` with `code: 'load'`).
 */
export function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<void>;
