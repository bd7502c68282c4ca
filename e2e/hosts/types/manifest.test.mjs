// Keeps the npm package's hand-written descriptions (package/custom-elements.json,
// package/*.d.ts, package/README.md) from drifting from the code they describe: the
// element's attributes and accessors (src/define.js), the events dispatched (src/events.rs,
// src/define.js), the CSS custom properties (style/panel.css), the options and event
// details (src/lib.rs, src/events.rs, src/api.rs) and the wire shapes
// (crates/privatelink-core/src/wire.rs, cloud.rs). Reads the repository's files, so it needs
// nothing installed.
//
//   node --test types/          (from e2e/hosts/)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(fileURLToPath(new URL(path, root)), 'utf8');
const sorted = (xs) => [...new Set(xs)].sort();

const defineJs = read('src/define.js');
const elementJs = read('src/element.js');
const eventsRs = read('src/events.rs');
const apiRs = read('src/api.rs');
const libRs = read('src/lib.rs');
const wireRs = read('crates/privatelink-core/src/wire.rs');
const cloudRs = read('crates/privatelink-core/src/cloud.rs');
const css = read('style/panel.css');
const manifest = JSON.parse(read('package/custom-elements.json'));
const indexDts = read('package/index.d.ts');
const defineDts = read('package/define.d.ts');
const reactDts = read('package/react.d.ts');
const vueDts = read('package/vue.d.ts');
const readme = read('package/README.md');
const packageJson = JSON.parse(read('package/package.json'));

// ---- Reading the sources (their formats are this repository's own) --------------------

/** The text between the `{` after `start` (a string or RegExp) and its matching `}`. */
function block(src, start, what = String(start)) {
  const at = typeof start === 'string' ? src.indexOf(start) : src.search(start);
  assert.ok(at >= 0, `not found: ${what}`);
  const open = src.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return src.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces after ${what}`);
}

/** Members at the top level of a TypeScript interface or object type's body. */
function tsMembers(body) {
  const members = [];
  let depth = 0;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
    const m = depth === 0 && /^\s*(?:readonly\s+)?'?([\w$-]+)'?(\?)?:\s*(.*?);?\s*$/.exec(line);
    if (m && !/^\s*\*/.test(raw)) members.push({ name: m[1], optional: !!m[2], type: m[3] });
    for (const c of line) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
  }
  return members;
}

/** An exported interface's members in a .d.ts file. */
const dtsInterface = (src, name) => tsMembers(block(src, new RegExp(`interface ${name}\\b[^{]*\\{`), name));

/** The string literals of `export type Name = 'a' | 'b' …;`. */
function dtsLiterals(src, name) {
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const m = new RegExp(`export type ${name} =([\\s\\S]*?);`).exec(code);
  assert.ok(m, `type ${name} not found`);
  return sorted([...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]));
}

/** A Rust struct's fields: name and whether it is an Option. */
function rustFields(src, struct) {
  const body = block(src, new RegExp(`struct ${struct}\\b[^{]*\\{`), struct);
  return body.split('\n')
    .map((l) => /^\s*(?:pub\s+)?(\w+):\s*(.+?),\s*$/.exec(l))
    .filter(Boolean)
    .map((m) => ({ name: m[1], option: m[2].startsWith('Option<') }));
}

/** The wire strings of an `open_enum!` of wire.rs. */
const openEnum = (name) => sorted([...block(wireRs, new RegExp(`\\b${name}\\s*\\{`), name)
  .matchAll(/=>\s*"([^"]+)"/g)].map((m) => m[1]));

const camel = (s) => s.replace(/[-_]([a-z])/g, (_, c) => c.toUpperCase());

// ---- What the code says -----------------------------------------------------------------

/** `const ATTRS = [...]` of src/define.js, and what `observedAttributes` adds to it. */
const ATTRS = [.../const ATTRS = \[([^\]]*)\]/.exec(defineJs)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const observedExtra = [.../observedAttributes\(\)\s*\{\s*return \[\.\.\.ATTRS,([^\]]*)\]/.exec(defineJs)[1]
  .matchAll(/'([^']+)'/g)].map((m) => m[1]);
const ATTRIBUTES = sorted([...ATTRS, ...observedExtra]);

/** The public accessors of the element class (get/set pairs, not static). */
// `Base` is HTMLElement where there is a DOM (define.js imports without one, for SSR).
const elementClass = block(defineJs, /class PrivatelinkPanel extends (?:HTMLElement|Base)/);
const ACCESSORS = sorted([...elementClass.matchAll(/^\s{2}(?:get|set) ([A-Za-z]\w*)\s*\(/gm)].map((m) => m[1]));

/**
 * The events dispatched to hosts: the Rust side's `dispatch(target, NAME, …)` calls with their
 * `const NAME: &str` (events.rs is the only Rust file that dispatches), and define.js's.
 * src/element.js's `plp-visible` is the panel's own signal (it does not bubble), not an event
 * for hosts.
 */
const INTERNAL_EVENTS = ['plp-visible'];
const rustConsts = Object.fromEntries([...eventsRs.matchAll(/const (\w+): &str = "([^"]+)";/g)].map((m) => [m[1], m[2]]));
const rustDispatched = [...eventsRs.matchAll(/dispatch\(\s*\w+,\s*(\w+),/g)].map((m) => rustConsts[m[1]]);
const jsDispatched = (src) => [...src.matchAll(/dispatchEvent\(new (?:Custom)?Event\('([^']+)'/g)].map((m) => m[1]);
const EVENTS = sorted([...rustDispatched, ...jsDispatched(defineJs), ...jsDispatched(elementJs)]
  .filter((e) => !INTERNAL_EVENTS.includes(e)));

/** `--plp-*` declared on the panel's root rules (`.plp { … }`, the dark scheme's too). */
const rootRules = [...css.matchAll(/(?:^|[}\s])\.plp\s*\{([^}]*)\}/g)].map((m) => m[1]);
const declared = (rules) => [...rules.join('\n').matchAll(/(--plp-[\w-]+)\s*:\s*([^;]+);/g)];
const CSS_PROPS = sorted(declared(rootRules).map((m) => m[1]));
const LIGHT_DEFAULTS = Object.fromEntries(declared(rootRules.slice(0, 1)).map((m) => [m[1], m[2].trim()]));

const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement);

// ---- The manifest -----------------------------------------------------------------------

describe('custom-elements.json agrees with the code', () => {
  test('read the sources', () => {
    assert.ok(ATTRS.length >= 6, `ATTRS: ${ATTRS}`);
    assert.deepEqual(observedExtra, ['token']);
    assert.ok(CSS_PROPS.length >= 20, `CSS: ${CSS_PROPS}`);
    assert.ok(rustDispatched.every(Boolean) && rustDispatched.length >= 2, `Rust events: ${rustDispatched}`);
  });

  test('schema version, the module, its exports', () => {
    assert.equal(manifest.schemaVersion, '2.1.0');
    assert.equal(manifest.modules.length, 1);
    const [mod] = manifest.modules;
    assert.equal(mod.kind, 'javascript-module');
    assert.equal(mod.path, 'define.js');
    assert.equal(packageJson.customElements, './custom-elements.json');
    // define.js's exports: init, and the element's registration.
    const jsExports = sorted([...defineJs.matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => m[1]));
    assert.deepEqual(sorted(mod.exports.filter((e) => e.kind === 'js').map((e) => e.name)), jsExports);
    const fn = mod.declarations.find((d) => d.kind === 'function' && d.name === 'init');
    assert.ok(fn, 'init is declared');
    const definition = mod.exports.find((e) => e.kind === 'custom-element-definition');
    assert.equal(definition.name, /customElements\.define\('([^']+)'/.exec(defineJs)[1]);
    assert.equal(definition.declaration.name, element.name);
  });

  test('the element: class name, tag name', () => {
    assert.equal(element.kind, 'class');
    assert.equal(element.customElement, true);
    assert.equal(element.name, /class (\w+) extends (?:HTMLElement|Base)/.exec(defineJs)[1]);
    assert.equal(element.tagName, 'privatelink-panel');
  });

  test("attributes are define.js's ATTRS and token, each described", () => {
    assert.deepEqual(sorted(element.attributes.map((a) => a.name)), ATTRIBUTES);
    for (const a of element.attributes) assert.ok(a.description?.length > 10, `${a.name} has a description`);
    // The only attribute with a property of its name is token.
    const withField = element.attributes.filter((a) => a.fieldName).map((a) => [a.name, a.fieldName]);
    assert.deepEqual(withField, [['token', 'token']]);
  });

  test("members are define.js's accessors", () => {
    assert.deepEqual(sorted(element.members.map((m) => m.name)), ACCESSORS);
    assert.deepEqual(ACCESSORS, ['token', 'tokenProvider']);
    for (const m of element.members) assert.ok(m.type?.text && m.description, `${m.name} has a type and a description`);
  });

  test('events are the ones the code dispatches', () => {
    assert.deepEqual(sorted(element.events.map((e) => e.name)), EVENTS);
    assert.deepEqual(EVENTS, ['privatelink-change', 'privatelink-error']);
    for (const e of element.events) assert.match(e.type.text, /^CustomEvent<\w+Detail>$/);
    // Rust dispatches only from events.rs (the browser tests in src/tests/ dispatch what a
    // host or the browser would, to drive the panel).
    for (const f of readdirSync(fileURLToPath(new URL('src/', root)), { recursive: true })) {
      if (String(f).endsWith('.rs') && String(f) !== 'events.rs' && !String(f).startsWith('tests/')) {
        assert.doesNotMatch(read(`src/${f}`), /dispatch_event\(/, `src/${f} dispatches an event`);
      }
    }
  });

  test("CSS custom properties are the ones panel.css declares on .plp, with its defaults", () => {
    assert.deepEqual(sorted(element.cssProperties.map((p) => p.name)), CSS_PROPS);
    for (const p of element.cssProperties) {
      assert.ok(p.description?.length > 5, `${p.name} has a description`);
      assert.equal(p.default, LIGHT_DEFAULTS[p.name], `${p.name}'s default`);
    }
    // Every --plp-* the stylesheet uses is one of them (none used without a default).
    const used = sorted([...css.matchAll(/var\((--plp-[\w-]+)/g)].map((m) => m[1]));
    assert.deepEqual(used.filter((u) => !CSS_PROPS.includes(u)), []);
  });

  test("custom states are the ones define.js sets and panel.css styles", () => {
    const set = sorted([...defineJs.matchAll(/states\.add\('([\w-]+)'\)/g)].map((m) => m[1]));
    assert.ok(set.length > 0, 'define.js sets a state');
    assert.deepEqual(sorted((element.cssStates ?? []).map((st) => st.name)), set);
    for (const st of element.cssStates) {
      assert.ok(st.description?.length > 5, `${st.name} has a description`);
      assert.ok(css.includes(`privatelink-panel:state(${st.name})`), `panel.css styles :state(${st.name})`);
    }
  });
});

// ---- The declarations and the README ---------------------------------------------------

describe('the declarations and the README agree with the code', () => {
  test('the attributes: index.d.ts lists them; react.d.ts and vue.d.ts build on that list', () => {
    assert.deepEqual(sorted(dtsInterface(indexDts, 'PrivatelinkPanelAttributes').map((m) => m.name)), ATTRIBUTES);
    for (const [name, src] of [['react.d.ts', reactDts], ['vue.d.ts', vueDts]]) {
      assert.match(src, /extends[^{]*\bPrivatelinkPanelAttributes\b/, `${name} extends PrivatelinkPanelAttributes`);
    }
  });

  test('every d.ts and the README mention every attribute, accessor and event', () => {
    const names = [...ATTRIBUTES, ...ACCESSORS, ...EVENTS];
    for (const [file, src] of [['index.d.ts', indexDts], ['README.md', readme]]) {
      for (const n of names) assert.ok(src.includes(n), `${file} does not mention ${n}`);
    }
    // The framework declarations: their own accessors and events (the attributes come with
    // PrivatelinkPanelAttributes); vue.d.ts names the camelCase listeners.
    for (const n of ['tokenProvider', ...EVENTS]) assert.ok(reactDts.includes(n), `react.d.ts: ${n}`);
    for (const n of ['tokenProvider', ...EVENTS.map((e) => camel(`on-${e}`))]) assert.ok(vueDts.includes(n), `vue.d.ts: ${n}`);
    assert.match(defineDts, /export function init\(/);
    for (const n of ['PrivatelinkPanelElement', 'PrivatelinkChangeDetail', 'PrivatelinkErrorDetail']) {
      assert.ok(defineDts.includes(n), `define.d.ts re-exports ${n}`);
    }
  });

  test("React's event props are on + the event name; Vue's, on + its camelCase", () => {
    const react = dtsInterface(reactDts, 'PrivatelinkPanelReactProps').map((m) => m.name).filter((n) => n.startsWith('on'));
    assert.deepEqual(sorted(react), sorted(EVENTS.flatMap((e) => [`on${e}`, `on${e}Capture`])));
    const vue = tsMembers(block(vueDts, 'interface PanelPropsAndListeners')).map((m) => m.name).filter((n) => n.startsWith('on'));
    assert.deepEqual(sorted(vue), sorted(EVENTS.map((e) => camel(`on-${e}`))));
  });

  test("MountOptions are lib.rs's JsOptions and tokenProvider; the element passes each attribute as one", () => {
    const rust = rustFields(libRs, 'JsOptions').map((f) => camel(f.name));
    const dts = dtsInterface(indexDts, 'MountOptionsBase').map((m) => m.name);
    assert.deepEqual(sorted([...dts, 'token']), sorted(rust));
    assert.match(libRs, /JsValue::from_str\("tokenProvider"\)/);
    assert.match(indexDts, /tokenProvider: TokenProvider; token\?: never/);
    // define.js's options object: each attribute of ATTRS under its camelCase name.
    const opts = block(defineJs, 'const opts =');
    for (const a of ATTRS) assert.match(opts, new RegExp(`${camel(a)}: this\\.getAttribute\\('${a}'\\)`));
    // The required ones are the ones from_js refuses to go without.
    const required = dtsInterface(indexDts, 'MountOptionsBase').filter((m) => !m.optional).map((m) => m.name);
    for (const r of required) assert.match(libRs, new RegExp(`\`${r}\` is required`));
    assert.deepEqual(sorted(required), ['project', 'service']);
  });

  test("the change detail is events.rs's Change; the error detail its Failure", () => {
    const change = tsMembers(block(indexDts, 'interface ChangeOf')).map((m) => m.name);
    assert.deepEqual(sorted(change), sorted(rustFields(eventsRs, 'Change').map((f) => f.name)));
    const errorBody = /export type PrivatelinkErrorDetail =([\s\S]*?);\n\n/.exec(indexDts)[1];
    const branches = [...errorBody.matchAll(/\|\s*\{([\s\S]*?)\n\s*\}/g)].map((m) => sorted(tsMembers(m[1]).map((x) => x.name)));
    assert.equal(branches.length, 2);
    for (const b of branches) assert.deepEqual(b, sorted(rustFields(eventsRs, 'Failure').map((f) => f.name)));
  });

  test("the error codes are ApiError::kind()'s and define.js's, less the two never sent", () => {
    const kinds = [...block(apiRs, 'pub fn kind(&self)').matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
    const fromDefine = [...defineJs.matchAll(/detail: \{ code: '([^']+)'/g)].map((m) => m[1]);
    // `aborted`: events::failed returns before dispatching it. `stopped`: made only by
    // approve.rs, whose errors never reach events::failed (only api.rs's report() calls it).
    const NEVER_SENT = ['aborted', 'stopped'];
    assert.match(eventsRs, /if \*error == ApiError::Aborted \{\s*return;/);
    // The panel's code, not its browser tests (src/tests/).
    const srcFiles = readdirSync(fileURLToPath(new URL('src/', root)), { recursive: true }).map(String)
      .filter((f) => f.endsWith('.rs') && !f.startsWith('tests/'));
    assert.deepEqual(srcFiles.filter((f) => read(`src/${f}`).includes('events::failed')), ['api.rs']);
    assert.deepEqual(srcFiles.filter((f) => /ApiError::Stopped\(/.test(read(`src/${f}`))).sort(), ['api.rs', 'approve.rs']);
    assert.doesNotMatch(block(apiRs, 'fn report<T>'), /Stopped/);
    assert.deepEqual(dtsLiterals(indexDts, 'PrivatelinkErrorCode'),
      sorted([...kinds.filter((k) => !NEVER_SENT.includes(k)), ...fromDefine]));
  });

  test("clouds and states are cloud.rs's and wire.rs's", () => {
    assert.deepEqual(dtsLiterals(indexDts, 'Cloud'),
      sorted([...block(cloudRs, 'pub fn as_str(self)').matchAll(/=>\s*"([^"]+)"/g)].map((m) => m[1])));
    assert.deepEqual(dtsLiterals(indexDts, 'PrivatelinkState'), openEnum('PrivatelinkState'));
    assert.deepEqual(dtsLiterals(indexDts, 'ConnectionState'), openEnum('ConnectionState'));
  });

  test("the wire objects have wire.rs's fields, null where Rust has an Option", () => {
    for (const name of ['AzurePrivatelink', 'AzurePrivatelinkConnection', 'AwsPrivatelink', 'AwsConnection',
      'GooglePrivatelink', 'GoogleConnection']) {
      const rust = rustFields(wireRs, name);
      const dts = dtsInterface(indexDts, name);
      assert.deepEqual(dts.map((m) => m.name), rust.map((f) => f.name), `${name}'s fields, in order`);
      for (const f of rust) {
        const m = dts.find((x) => x.name === f.name);
        assert.equal(/\|\s*null\b/.test(m.type), f.option, `${name}.${f.name} is nullable iff an Option`);
      }
    }
  });

  test("PanelHandle has lib.rs's methods", () => {
    const rust = [...block(libRs, /#\[wasm_bindgen\]\s*impl PanelHandle/).matchAll(/pub fn (\w+)/g)].map((m) => m[1]);
    const dts = tsMembers(block(indexDts, 'export class PanelHandle')).map((m) => m.name);
    const methods = [...block(indexDts, 'export class PanelHandle').matchAll(/^\s*(\w+)\(\): void;/gm)].map((m) => m[1]);
    assert.deepEqual(sorted(rust), sorted([...dts, ...methods].filter((n) => n !== 'free')));
  });

  test('package.json exports every declaration file', () => {
    const types = Object.values(packageJson.exports).filter((e) => typeof e === 'object').map((e) => e.types);
    assert.deepEqual(sorted(types), ['./define.d.ts', './index.d.ts', './react.d.ts', './vue.d.ts']);
    for (const f of ['index.d.ts', 'define.d.ts', 'react.d.ts', 'vue.d.ts', 'custom-elements.json', 'README.md']) {
      assert.ok(packageJson.files.includes(f), `package.json files: ${f}`);
    }
  });
});
