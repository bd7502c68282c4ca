// Type tests of the npm package's declarations (package/*.d.ts), run against the installed
// package (`npm install <tarball>` in e2e/hosts/ first): each usage file must type-check
// with tsc --strict (tsconfig.json here), and each misuse/ file must fail, for the reason
// its first lines give: `// expect: TS2339 <part of the message>` (`<!-- expect: … -->` in a
// .vue file). A misuse fails for the right reason when tsc reports errors in it, every one
// of them has that code, and one of them contains the message part.
//
// One compile for all: tsc checks the .ts/.tsx files (usage and misuse) as one program, and
// vue-tsc the .vue files as another; each error is attributed to its file by the path tsc
// prints. For that to tell what each file would give alone:
// - every file is a module of its own (an import or export, nothing global declared), so
//   no file's declarations reach another;
// - an error outside the checked files (in a package .d.ts, a lib, the config) fails the
//   program's test: it is no misuse file's error, and it may be what another file relies on;
// - a file relying on one of the package's augmentations (`declare global`, or
//   `declare module 'react'` / `'vue'` for a file that imports react or vue, or whose JSX
//   runs on theirs) must bring that .d.ts into the program itself (tsc --explainFiles
//   tells which files each one pulls in): in one program every file sees every
//   augmentation, so a misuse that forgot its `/// <reference types="privatelink-panel/react" />`
//   would otherwise fail for the expected reason only thanks to its neighbours.
// The .vue files need vue-tsc (an optional dev dependency, which needs TypeScript 5); without
// it they are skipped.
//
//   node --test types/          (from e2e/hosts/)

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** A package's command, from the nearest node_modules (through its package.json's `bin`:
 * TypeScript 7 has an `exports` map that hides `typescript/bin/tsc`). */
function bin(name, command) {
  const manifest = require.resolve(`${name}/package.json`);
  const { bin: bins, version } = JSON.parse(readFileSync(manifest, 'utf8'));
  return { path: join(dirname(manifest), typeof bins === 'string' ? bins : bins[command]), version };
}
const { path: tsc, version: tsVersion } = bin('typescript', 'tsc');
let vueTsc = null;
let noVueTsc = false;
try {
  vueTsc = bin('vue-tsc', 'vue-tsc').path;
  // vue-tsc (3.x) runs on TypeScript's JavaScript API, which TypeScript 7 does not have.
  if (Number(tsVersion.split('.')[0]) >= 7) noVueTsc = `vue-tsc does not run on TypeScript ${tsVersion}`;
} catch {
  noVueTsc = 'vue-tsc is not installed';
}
/** The installed package's folder (as tsc prints it: symlinks resolved). */
const packageDir = realpathSync(dirname(require.resolve('privatelink-panel/package.json')));

const scratch = mkdtempSync(join(tmpdir(), 'plp-types-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** tsconfig.json with its `//` comment lines left out. */
const config = JSON.parse(readFileSync(join(here, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
const USAGE = readdirSync(here).filter((f) => /^usage.*\.(ts|tsx|vue)$/.test(f)).sort();
const MISUSE = readdirSync(join(here, 'misuse')).filter((f) => /\.(ts|tsx|vue)$/.test(f)).sort()
  .map((f) => `misuse/${f}`);
const isVue = (name) => name.endsWith('.vue');

/** Runs `command` (tsc or vue-tsc) once on `names` (relative to here) with this folder's
 * tsconfig.json; resolves what it said, parsed (see `parse`). */
async function compile(command, tool, names, vue) {
  const project = join(scratch, `${tool}.tsconfig.json`);
  writeFileSync(project, JSON.stringify({
    extends: join(here, 'tsconfig.json'),
    // vue-tsc checks templates as Vue's tooling does: Vue's JSX, unknown props reported.
    ...(vue && { compilerOptions: { jsx: 'preserve', jsxImportSource: 'vue' } }),
    ...(vue && { vueCompilerOptions: { strictTemplates: true } }),
    files: names.map((n) => join(here, n)),
  }));
  const args = ['-p', project, '--pretty', 'false', '--explainFiles'];
  const { code, out } = await run(command, args);
  return { tool, names, code, out, ...parse(out) };
}

function run(bin, args) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: here });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

/** tsc's output: its errors (`file(line,col): error TS1234: message`, with their indented
 * continuations) and, from --explainFiles, each file of the program with the lines saying
 * why it is there (`Imported via 'x' from file 'y'`, `Part of 'files' list …`). Paths are
 * made absolute (tsc prints them relative to the working directory; vue-tsc as given). */
function parse(out) {
  const errors = [];
  const files = new Map();
  let block = null;
  for (const line of out.split(/\r?\n/)) {
    const e = /^(?:(.+?)\(\d+,\d+\): )?error (TS\d+): (.*)$/.exec(line);
    if (e) {
      block = { file: e[1] ? resolve(here, e[1]) : null, code: e[2], text: e[3], raw: line };
      errors.push(block);
    } else if (/^\s/.test(line) && block) {
      if (block.reasons) block.reasons.push(line.trim());
      else { block.text += `\n${line.trim()}`; block.raw += `\n${line}`; }
    } else if (line.trim()) {
      block = { reasons: [] };
      files.set(resolve(here, line.trim()), block);
    } else block = null;
  }
  // file → the files it brings in: [{ to, via: the specifier, synthetic: JSX runtime import }]
  const deps = new Map();
  for (const [to, { reasons }] of files) {
    for (const reason of reasons) {
      const m = /\bvia (["'])(.*?)\1 from file '([^']*)'/.exec(reason);
      if (!m) continue;
      const from = resolve(here, m[3]);
      if (!deps.has(from)) deps.set(from, []);
      deps.get(from).push({ to, via: m[2], synthetic: /to import 'jsx'/.test(reason) });
    }
  }
  const roots = [...files].filter(([, { reasons }]) => reasons.some((r) => /^(Part of 'files' list|Root file specified)/.test(r)))
    .map(([f]) => f);
  return { errors, files, deps, roots };
}

const show = (errors) => errors.map((e) => e.raw).join('\n');

/** The files `file` brings into the program, itself included, directly or not. */
function pulledIn(program, file) {
  const seen = new Set([file]);
  const todo = [file];
  while (todo.length) {
    for (const { to } of program.deps.get(todo.pop()) ?? []) {
      if (!seen.has(to)) { seen.add(to); todo.push(to); }
    }
  }
  return seen;
}

/** The package's .d.ts files in the program that change other files' types, with what they
 * augment: 'global' and/or modules. */
function augmenters(program) {
  const list = [];
  for (const file of program.files.keys()) {
    if (!file.startsWith(packageDir + sep) || !file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const augments = [...text.matchAll(/^\s*declare\s+module\s+(["'])(.+?)\1/gm)].map((m) => m[2]);
    if (/^\s*declare\s+global\b/m.test(text)) augments.push('global');
    if (augments.length) list.push({ file, augments });
  }
  return list;
}

/** Fails unless `name` brings in each package augmentation it relies on itself. */
function assertSelfContained(program, name) {
  const file = join(here, name);
  const mine = pulledIn(program, file);
  // The JSX runtime import tsc adds to every module counts only where there can be JSX.
  const jsx = /\.(tsx|vue)$/.test(name);
  const direct = (program.deps.get(file) ?? []).filter((d) => jsx || !d.synthetic).map((d) => d.via);
  for (const { file: dts, augments } of augmenters(program)) {
    const uses = augments.filter((w) => w === 'global' || direct.some((v) => v === w || v.startsWith(`${w}/`)));
    const what = uses.map((w) => (w === 'global' ? 'the globals' : `module '${w}'`)).join(' and ');
    assert.ok(!uses.length || mine.has(dts), `${name} uses ${what} but does not import or reference `
      + `the package's ${relative(packageDir, dts)}, which adds to ${what}: in the one program it `
      + 'sees those additions through other files, alone it would not');
  }
}

/** The `expect:` line of a misuse file: its error code and the part of the message. */
function expectation(name) {
  const head = readFileSync(join(here, name), 'utf8').split('\n').slice(0, 5).join('\n');
  const m = /expect:\s*(TS\d+)\s*(.*?)\s*(?:-->)?\s*$/m.exec(head);
  assert.ok(m, `${name} has no "expect: TS…" line in its first lines`);
  return { code: m[1], text: m[2] };
}

/** The script of a file: a .vue file's <script> blocks, comments left out. */
function script(name) {
  let text = readFileSync(join(here, name), 'utf8');
  if (isVue(name)) text = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

// Both compiles start now and run side by side; the tests below wait for theirs.
const programs = [
  { tool: 'tsc', command: tsc, names: [...USAGE, ...MISUSE].filter((n) => !isVue(n)), vue: false },
  { tool: 'vue-tsc', command: vueTsc, names: [...USAGE, ...MISUSE].filter(isVue), vue: true, skip: noVueTsc },
];
for (const p of programs) {
  if (!p.skip) {
    p.result = compile(p.command, p.tool, p.names, p.vue);
    p.result.catch(() => {}); // reported by the tests that await it
  }
}

describe(`package declarations (TypeScript ${tsVersion})`, () => {
  test('there are usage and misuse files, and tsconfig.json lists the .ts/.tsx usage files', () => {
    assert.ok(MISUSE.length >= 10, MISUSE.join(', '));
    assert.ok(USAGE.length >= 5, USAGE.join(', '));
    assert.deepEqual([...config.files].sort(), USAGE.filter((n) => !isVue(n)),
      'tsconfig.json\'s "files" are not the usage*.ts / usage*.tsx files here');
  });

  test('every file is a module of its own (an import or export, nothing declared global)', () => {
    for (const name of [...USAGE, ...MISUSE]) {
      const text = script(name);
      assert.match(text, /^\s*(import|export)\b/m, `${name} has no import or export: as a script `
        + `its declarations would be global, shared with every other file of the one program`);
      assert.doesNotMatch(text, /\bdeclare\s+(global|module)\b/, `${name} declares global types `
        + `or augments a module: they would reach every other file of the one program`);
    }
  });

  for (const p of programs) {
    describe(`${p.tool}: ${p.names.length} files in one program`, { skip: p.skip }, () => {
      test('the program is the files given, and has no error outside them', async () => {
        const program = await p.result;
        const given = p.names.map((n) => join(here, n)).sort();
        assert.deepEqual([...program.roots].sort(), given,
          `${p.tool} did not check the files given (or printed no --explainFiles list):\n${program.out}`);
        const outside = program.errors.filter((e) => !given.includes(e.file));
        assert.equal(outside.length, 0, `${p.tool} reported errors outside the usage and misuse `
          + `files (a package .d.ts, a lib, the config): they are no misuse's expected error, and `
          + `may be what a file relies on:\n${show(outside)}`);
        assert.equal(program.code === 0, program.errors.length === 0,
          `${p.tool} exited with ${program.code} and ${program.errors.length} errors:\n${program.out}`);
      });

      for (const name of p.names.filter((n) => USAGE.includes(n))) {
        test(`${name} type-checks`, async () => {
          const program = await p.result;
          const mine = program.errors.filter((e) => e.file === join(here, name));
          assert.equal(mine.length, 0, `${p.tool} refused ${name}:\n${show(mine)}`);
          assertSelfContained(program, name);
        });
      }

      for (const name of p.names.filter((n) => MISUSE.includes(n))) {
        test(`${name} is refused, for the expected reason`, async () => {
          const want = expectation(name);
          const program = await p.result;
          const mine = program.errors.filter((e) => e.file === join(here, name));
          const unattributed = program.errors.filter((e) => !p.names.some((n) => join(here, n) === e.file));
          const context = unattributed.length ? `\n(and outside the checked files:\n${show(unattributed)})` : '';
          assert.ok(mine.length > 0, `${p.tool} accepted ${name}: no error in it; `
            + (program.errors.length ? `all its errors:\n${show(program.errors)}` : 'no error at all'));
          for (const e of mine) {
            assert.equal(e.code, want.code, `${name} failed for another reason (expected ${want.code} `
              + `"${want.text}"):\n${show(mine)}${context}`);
          }
          assert.ok(mine.some((e) => e.text.includes(want.text)),
            `no error in ${name} says "${want.text}":\n${show(mine)}${context}`);
          assertSelfContained(program, name);
        });
      }
    });
  }
});
