// Content-hashed file names for the release dist/ (run by `cargo xtask build-panel` after
// Trunk and terser, before the precompressed copies are made).
//
// A file whose name carries its content's hash never changes under that name, so the
// bundled server sends it with `Cache-Control: public, max-age=31536000, immutable` and a
// second visit asks for nothing but the small entries. What a host links to keeps a stable
// name and is revalidated on each use:
//   index.html, define.js              the entries (define.js names the hashed module;
//                                      index.html loses Trunk's loader: define.js loads it)
//   privatelink-panel.js               a two-line module that re-exports the hashed one,
//                                      so `import init, { mount }` hosts and the element
//                                      share one instance of the panel
//   panel.css                          the stylesheet hosts link (index.html links the
//                                      hashed copy)
// Everything else (the module, the wasm, the snippets, the demo page's own files) is
// renamed `<stem>-<16 hex>.<ext>` (`privatelink-panel-<hash>_bg.wasm` for the wasm, the
// way wasm-bindgen names it) and every reference to it rewritten. Finally every
// `integrity="sha384-…"` in index.html is computed again from the file it names.
//
// Usage: node xtask/assets.mjs DIST
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node xtask/assets.mjs DIST');
const at = (rel) => join(dist, rel);
const read = (rel) => readFileSync(at(rel));
const text = (rel) => readFileSync(at(rel), 'utf8');
const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** `a/b/name.ext` → `a/b/name-<hash>.ext` (`x_bg.wasm` → `x-<hash>_bg.wasm`). */
function hashedName(rel, bytes) {
  const dot = rel.lastIndexOf('.');
  const stem = rel.slice(0, dot);
  const ext = rel.slice(dot);
  const h = hash16(bytes);
  return stem.endsWith('_bg') ? `${stem.slice(0, -3)}-${h}_bg${ext}` : `${stem}-${h}${ext}`;
}

/** Renames `rel` to its hashed name; returns the new name. */
function rename(rel) {
  const to = hashedName(rel, read(rel));
  renameSync(at(rel), at(to));
  return to;
}

/** A copy of `rel` under its hashed name; `rel` stays. */
function copyHashed(rel) {
  const to = hashedName(rel, read(rel));
  copyFileSync(at(rel), at(to));
  return to;
}

/** Replaces every occurrence of each `from` with its `to` in the file `rel`. */
function rewrite(rel, pairs) {
  let s = text(rel);
  for (const [from, to] of pairs) {
    if (!s.includes(from)) throw new Error(`${rel} does not mention ${from}`);
    s = s.split(from).join(to);
  }
  writeFileSync(at(rel), s);
}

const walk = (rel) => readdirSync(at(rel), { withFileTypes: true }).flatMap((e) => {
  const r = rel ? `${rel}/${e.name}` : e.name;
  return e.isDirectory() ? walk(r) : [r];
});

const MODULE = 'privatelink-panel.js';
const WASM = 'privatelink-panel_bg.wasm';
for (const f of walk('')) {
  if (/-[0-9a-f]{16}(_bg)?\.[a-z]+$/.test(f)) throw new Error(`${f} is hashed already: run on a fresh build`);
}

// 1. The snippets (the module imports them by path). One the module does not import is
// left over in wasm-bindgen's output folder from an older build (Trunk still preloads it):
// removed, with its preload link.
const moduleRefs = [];
const stale = [];
for (const f of walk('snippets').filter((f) => f.endsWith('.js'))) {
  if (text(MODULE).includes(`./${f}`)) moduleRefs.push([`./${f}`, `./${rename(f)}`]);
  else { rmSync(at(f)); stale.push(f); }
}
// 2. The wasm (the module's default path for it; wasm-bindgen writes the bare name).
const wasm = rename(WASM);
// In the module only the import statements change: the same path is also the wasm's import
// namespace (a key of the imports object), which must stay what the wasm names.
const imports = moduleRefs.map(([from, to]) => [`from"${from}"`, `from"${to}"`]);
rewrite(MODULE, [...imports, [WASM, wasm]]);
// 3. The module itself, and the stable shim in its place.
const module = rename(MODULE);
writeFileSync(at(MODULE),
  `export * from './${module}';\nexport { default } from './${module}';\n`);
// 4. The define module names the hashed module and wasm.
rewrite('define.js', [[`./${MODULE}`, `./${module}`], [`./${WASM}`, `./${wasm}`]]);

// 5. index.html: Trunk's inline loader out (the define module loads the panel when the
// demo's element connects, as in a host page; the page's preload links still start both
// downloads with the page): one way in instead of two, and the panel's rows 6–12 ms sooner
// in three 20–30-run A/Bs (BENCHMARKS.md, 2026-12-05). Then the hashed module, wasm,
// snippets, stylesheets and demo files.
{
  const loader = /\s*<script type="module">\s*import init, \* as bindings from '[^']+';[\s\S]*?TrunkApplicationStarted[\s\S]*?<\/script>/g;
  const page = text('index.html');
  const found = page.match(loader) ?? [];
  if (found.length !== 1) throw new Error(`index.html: expected Trunk's loader script once, found it ${found.length} times`);
  writeFileSync(at('index.html'), page.replace(loader, ''));
}
const pageRefs = [[`/${MODULE}`, `/${module}`], [`/${WASM}`, `/${wasm}`]];
for (const [from, to] of moduleRefs) {
  if (from.startsWith('./snippets/')) pageRefs.push([from.slice(1), to.slice(1)]);
}
pageRefs.push(['/panel.css', `/${copyHashed('panel.css')}`]);
for (const own of ['demo.css', 'demo.js']) {
  const to = rename(own);
  // Trunk writes `/demo.css`; the demo's own script tag says `demo.js`.
  pageRefs.push([own === 'demo.css' ? '/demo.css' : '"demo.js"', own === 'demo.css' ? `/${to}` : `"${to}"`]);
}
rewrite('index.html', pageRefs);
for (const f of stale) {
  const html = text('index.html').replace(new RegExp(`<link[^>]*href="/${f.replace(/[.]/g, '[.]')}"[^>]*>`, 'g'), '');
  writeFileSync(at('index.html'), html);
}

// 6. Subresource integrity, from the files as they are now.
let html = text('index.html');
html = html.replace(/<(link|script)\b[^>]*>/g, (tag) => {
  const ref = /\s(?:href|src)="([^"]+)"/.exec(tag);
  if (!ref || !/\sintegrity="/.test(tag)) return tag;
  const rel = relative('/', join('/', ref[1].replace(/^\.\//, '')));
  const sri = `sha384-${createHash('sha384').update(read(rel)).digest('base64')}`;
  return tag.replace(/\sintegrity="[^"]*"/, ` integrity="${sri}"`);
});
writeFileSync(at('index.html'), html);
console.log(`hashed: ${module}, ${wasm}`);
