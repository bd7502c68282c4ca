// TypeScript declarations of the package's main module, `privatelink-panel` (wasm-bindgen's
// ES module: `init`, `initSync`, `mount`, `PanelHandle`), and the types every entry point
// shares: the options of `mount()`, the `<privatelink-panel>` element, and its two events'
// details. Importing this module (or `privatelink-panel/define`, which re-exports these
// types) also types `document.querySelector('privatelink-panel')` and
// `addEventListener('privatelink-change' | 'privatelink-error', …)` on any element,
// `document` and `window` (the events bubble and are composed).
//
// Hand-written from the code, which is what the tests hold them to: `src/lib.rs` (`mount`,
// `Options::from_js`, `PanelHandle`), `src/define.js` (the element), `src/events.rs` and
// `src/api.rs` (the event details), `crates/privatelink-core/src/wire.rs` (the shapes).

// ---------------------------------------------------------------------------------------
// Loading the wasm (wasm-bindgen's `--target web` glue)
// ---------------------------------------------------------------------------------------

/**
 * Where the wasm comes from: a URL, a fetch `Response`, its bytes or a compiled module.
 * (TypeScript's `WebAssembly.Module` has no members, so this type admits any object.)
 */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** The wasm's bytes or compiled module, for {@link initSync}. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * The wasm instance's raw exports. Internal: only `memory` is listed, and nothing here is
 * part of the package's API.
 */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Loads and starts the panel's wasm (and registers `<privatelink-panel>`). Without an
 * argument the wasm is fetched from `new URL('privatelink-panel_bg.wasm', import.meta.url)`,
 * beside this module; `module_or_path` serves it from elsewhere. A second call returns the
 * first call's instance. (wasm-bindgen's older positional form, `init(path)`, still runs
 * with a console warning; it is left out here.)
 */
export default function init(options?: {
  module_or_path?: InitInput | Promise<InitInput>;
}): Promise<InitOutput>;

/** Starts the panel from wasm bytes or a compiled module already at hand, synchronously. */
export function initSync(options: { module: SyncInitInput }): InitOutput;

// ---------------------------------------------------------------------------------------
// mount()
// ---------------------------------------------------------------------------------------

/**
 * Gives the token for one request: called before every request (so a host can refresh
 * tokens), and covered by the request timeout. A throw, a rejection or a value that is not
 * a string is shown as "The page could not provide a sign-in token" and reported as a
 * `privatelink-error` with `code: 'token-provider'`.
 */
export type TokenProvider = () => string | Promise<string>;

/**
 * A duration in milliseconds: a number, or a string of digits (as an attribute gives).
 * Another string (not only digits), NaN and a missing value mean the default; values are
 * clamped to a range. A value of another type is refused by `mount` with an error.
 */
export type Milliseconds = number | string;

/** The options every panel takes, whatever its token source. */
export interface MountOptionsBase {
  /**
   * The API's origin (`https://api.aiven.io`) or a same-origin proxy path
   * (`/aiven-proxy`). Default `''`: this page's origin.
   */
  apiBase?: string;
  /** The Aiven project. Required, not empty. */
  project: string;
  /** The service in that project. Required, not empty. */
  service: string;
  /** Polling interval while something is changing (backs off to 30 s). Default 2000, 50–600000. */
  pollIntervalMs?: Milliseconds;
  /** How long one request may take before it is reported as a timeout. Default 15000, 100–600000. */
  requestTimeoutMs?: Milliseconds;
  /**
   * How long "Approve and set IP" waits for Azure to connect an approved endpoint.
   * Default 1200000 (20 minutes), 1000–86400000.
   */
  approveDeadlineMs?: Milliseconds;
}

/**
 * The options of {@link mount}: exactly one of `token` (a fixed token, not empty) or
 * `tokenProvider`.
 */
export type MountOptions =
  | (MountOptionsBase & { token: string; tokenProvider?: never })
  | (MountOptionsBase & { tokenProvider: TokenProvider; token?: never });

/**
 * A mounted panel. Keep it to remove the panel later: a handle freed without `unmount()`
 * (`free()`, or the garbage collection of a handle nothing refers to any more) leaves its
 * panel running for the page's lifetime, with no way left to stop it.
 */
export class PanelHandle {
  private constructor();
  /** Removes the panel and stops every request, poll and timer of it. Safe to call twice. */
  unmount(): void;
  /** Whether the panel is still mounted (false after `unmount()`). */
  readonly mounted: boolean;
  /**
   * Frees the handle's wasm memory. Call `unmount()` first: a panel freed while mounted keeps
   * running, and can no longer be unmounted.
   */
  free(): void;
}

/**
 * Mounts a panel into `element` (its children are replaced). Call after `init()`. Throws
 * an `Error` when the options are wrong (no token, no project, no service). The panel
 * dispatches `privatelink-change` and `privatelink-error` on `element`. Keep the handle.
 */
export function mount(element: HTMLElement, options: MountOptions): PanelHandle;

// ---------------------------------------------------------------------------------------
// The API's objects, as the panel's events carry them
// ---------------------------------------------------------------------------------------

/** A cloud with private connectivity, as the panel's events name it. */
export type Cloud = 'azure' | 'aws' | 'google';

/**
 * The state of a privatelink (every cloud's). The API may add states later; the panel
 * passes a state it does not know through verbatim, so keep a default branch.
 */
export type PrivatelinkState = 'creating' | 'active' | 'deleting';

/**
 * Aiven's state of a connection (every cloud's; AWS connections need no approval and are
 * listed once accepted). Unknown future states pass through verbatim, as above.
 */
export type ConnectionState = 'pending-user-approval' | 'user-approved' | 'connected' | 'active';

/** Azure PrivateLink (`…/privatelink/azure`). */
export interface AzurePrivatelink {
  /** The alias the customer's private endpoint connects to; `null` while `creating`. */
  azure_service_alias: string | null;
  /** The Private Link service's resource ID; `null` while `creating`. */
  azure_service_id: string | null;
  state: PrivatelinkState;
  /** The Azure subscription IDs allowed to connect (lowercase GUIDs). */
  user_subscription_ids: string[];
}

/** One Azure private endpoint connection. */
export interface AzurePrivatelinkConnection {
  /** Aiven's ID: `plc` and 11 lowercase hex digits. */
  privatelink_connection_id: string;
  /** The customer's private endpoint resource ID, as Azure spells it. */
  private_endpoint_id: string;
  state: ConnectionState;
  /** The endpoint's private IPv4 address; `null` until set. */
  user_ip_address: string | null;
}

/** AWS PrivateLink (`…/privatelink/aws`). */
export interface AwsPrivatelink {
  /** `vpce-svc-…`; `null` while `creating`. */
  aws_service_id: string | null;
  /** `com.amazonaws.vpce.<region>.vpce-svc-…`; `null` while `creating`. */
  aws_service_name: string | null;
  /** The AWS principals (ARNs) allowed to connect. */
  principals: string[];
  state: PrivatelinkState;
}

/** One AWS VPC endpoint connection. */
export interface AwsConnection {
  /** The VPC endpoint's DNS name. */
  dns_name: string;
  /** Aiven's ID; `null` until Aiven has given the endpoint one. */
  privatelink_connection_id: string | null;
  state: ConnectionState;
  /** `vpce-…` of the customer's VPC endpoint. */
  vpc_endpoint_id: string;
}

/** Google Private Service Connect (`…/privatelink/google`). */
export interface GooglePrivatelink {
  /** `projects/…/regions/…/serviceAttachments/…`; `null` while `creating`. */
  google_service_attachment: string | null;
  state: PrivatelinkState;
}

/** One Private Service Connect connection. */
export interface GoogleConnection {
  /** Aiven's ID: `plc` and 11 lowercase hex digits. */
  privatelink_connection_id: string;
  /** Google's ID of the PSC connection (digits). */
  psc_connection_id: string;
  state: ConnectionState;
  /** The customer endpoint's IPv4 address, given with the approval; `null` before. */
  user_ip_address: string | null;
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

interface ChangeOf<C, P, Conn> {
  /** The project and service the panel shows. */
  project: string;
  service: string;
  /** The service's cloud; `null` for a cloud without private connectivity. */
  cloud: C;
  /** The service's privatelink; `null` when it has none. */
  privatelink: P | null;
  /** Its connections (an empty list when there is no privatelink or it is not active). */
  connections: Conn[];
}

/**
 * `privatelink-change`'s detail: sent after the first load, then whenever the privatelink
 * or its connections change. Narrow on `cloud` to read the cloud's own fields. The objects
 * are the API's, as the panel read them (fields it does not know are left out).
 */
export type PrivatelinkChangeDetail =
  | ChangeOf<'azure', AzurePrivatelink, AzurePrivatelinkConnection>
  | ChangeOf<'aws', AwsPrivatelink, AwsConnection>
  | ChangeOf<'google', GooglePrivatelink, GoogleConnection>
  | ChangeOf<null, never, never>;

/** `privatelink-error`'s `code`: whose side failed. */
export type PrivatelinkErrorCode =
  /** The API answered with an error (`status` is set). */
  | 'http'
  /** No answer: network down, DNS, CORS. */
  | 'network'
  /** No answer within `requestTimeoutMs`. */
  | 'timeout'
  /** The host's `tokenProvider` threw, rejected or gave no string. */
  | 'token-provider'
  /** The answer was not in the expected shape. */
  | 'decode'
  /** The request body could not be built; nothing was sent. */
  | 'encode'
  /** The panel's code could not be loaded (sent by the custom element only). */
  | 'load';

/**
 * `privatelink-error`'s detail: a request failed (never one the panel cancelled; the 404
 * of "no privatelink yet" is an answer, not an error).
 */
export type PrivatelinkErrorDetail =
  | {
      code: 'http';
      /** The HTTP status. */
      status: number;
      /** The sentence the panel shows (no stack, no URL). */
      message: string;
      /** The API's `error_code` (`permission_denied`, `service_not_found`, …), when it gave one. */
      error_code: string | null;
    }
  | {
      code: Exclude<PrivatelinkErrorCode, 'http'>;
      /** No answer came. */
      status: null;
      message: string;
      error_code: null;
    };

/** The panel's events by name (they bubble and are composed). */
export interface PrivatelinkPanelEventMap {
  'privatelink-change': CustomEvent<PrivatelinkChangeDetail>;
  'privatelink-error': CustomEvent<PrivatelinkErrorDetail>;
}

// ---------------------------------------------------------------------------------------
// The custom element
// ---------------------------------------------------------------------------------------

/**
 * `<privatelink-panel>`, registered by `privatelink-panel/define`. A type only: the class
 * is not exported (use `customElements.get('privatelink-panel')` for the constructor).
 */
export interface PrivatelinkPanelElement extends HTMLElement {
  /** A fixed token. Never left in the DOM: a `token` attribute is read once and removed. */
  token: string | undefined;
  /** Gives the token for each request; wins over `token` when both are set. */
  tokenProvider: TokenProvider | undefined;
}

/**
 * The element's attributes, for the framework declarations (`privatelink-panel/react`,
 * `privatelink-panel/vue`). Attribute values are strings; frameworks turn numbers into them.
 */
export interface PrivatelinkPanelAttributes {
  /** The API's origin or a same-origin proxy path; default: this page's origin. */
  'api-base'?: string;
  /** The Aiven project (required: without it the element renders nothing). */
  project: string;
  /** The service (required: without it the element renders nothing). */
  service: string;
  /** Polling interval in ms while something is changing (default 2000). */
  'poll-interval-ms'?: Milliseconds;
  /** Request timeout in ms (default 15000). */
  'request-timeout-ms'?: Milliseconds;
  /** How long "Approve and set IP" waits, in ms (default 1200000). */
  'approve-deadline-ms'?: Milliseconds;
  /** A fixed token (frameworks that set properties set the `token` property instead). */
  token?: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'privatelink-panel': PrivatelinkPanelElement;
  }
  // HTMLElementEventMap, DocumentEventMap and WindowEventMap all extend this one.
  interface GlobalEventHandlersEventMap extends PrivatelinkPanelEventMap {}
}

// Only what is marked `export` above is exported (a .d.ts file otherwise exports all).
export {};
