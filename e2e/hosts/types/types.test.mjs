// Type tests of the npm package's declarations (package/*.d.ts), run against the installed
// package (`npm install <tarball>` in e2e/hosts/ first): each usage file must type-check
// with tsc --strict (tsconfig.json here), and each misuse/ file must fail alone, for the
// reason its first lines give: `// expect: TS2339 <part of the message>` (`<!-- expect: … -->`
// in a .vue file). A misuse fails for the right reason when tsc exits non-zero, every error
// is in that file and has that code, and the message part appears in tsc's output.
// The .vue files need vue-tsc (an optional dev dependency, which needs TypeScript 5); without
// it they are skipped.
//
//   node --test types/          (from e2e/hosts/)

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
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

const scratch = mkdtempSync(join(tmpdir(), 'plp-types-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const USAGE = ['usage.ts', 'usage-react.tsx', 'usage-vue.ts', 'usage-vue-tsx.tsx'];
const MISUSE = readdirSync(join(here, 'misuse')).filter((f) => /\.(ts|tsx|vue)$/.test(f)).sort();

/** Runs tsc (vue-tsc for .vue) on one file with this folder's tsconfig; resolves {code, out}. */
function check(file) {
  const vue = file.endsWith('.vue');
  const config = join(scratch, `${basename(file)}.tsconfig.json`);
  writeFileSync(config, JSON.stringify({
    extends: join(here, 'tsconfig.json'),
    // vue-tsc checks templates as Vue's tooling does: Vue's JSX, unknown props reported.
    ...(vue && { compilerOptions: { jsx: 'preserve', jsxImportSource: 'vue' } }),
    ...(vue && { vueCompilerOptions: { strictTemplates: true } }),
    files: [file],
  }));
  return run(vue ? vueTsc : tsc, ['-p', config, '--pretty', 'false']);
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

/** tsc's errors: `file(line,col): error TS1234: message`, with their indented continuations. */
function errors(out) {
  const list = [];
  for (const line of out.split(/\r?\n/)) {
    const m = /^(?:(.+?)\(\d+,\d+\): )?error (TS\d+): (.*)$/.exec(line);
    if (m) list.push({ file: m[1] ?? null, code: m[2], text: m[3] });
    else if (list.length && /^\s/.test(line)) list[list.length - 1].text += `\n${line.trim()}`;
  }
  return list;
}

/** The `expect:` line of a misuse file: its error code and the part of the message. */
function expectation(file) {
  const head = readFileSync(file, 'utf8').split('\n').slice(0, 5).join('\n');
  const m = /expect:\s*(TS\d+)\s*(.*?)\s*(?:-->)?\s*$/m.exec(head);
  assert.ok(m, `${basename(file)} has no "expect: TS…" line in its first lines`);
  return { code: m[1], text: m[2] };
}

const parallel = { concurrency: Math.max(1, availableParallelism()) };

describe(`declarations type-check in use (TypeScript ${tsVersion})`, parallel, () => {
  test('tsconfig.json (every usage file in one program)', async () => {
    const { code, out } = await run(tsc, ['-p', join(here, 'tsconfig.json'), '--pretty', 'false']);
    assert.equal(out.trim(), '', out);
    assert.equal(code, 0);
  });
  for (const file of USAGE) {
    test(`${file} alone`, async () => {
      const { code, out } = await check(join(here, file));
      assert.equal(out.trim(), '', out);
      assert.equal(code, 0);
    });
  }
  test('usage-vue-template.vue (vue-tsc)', { skip: noVueTsc }, async () => {
    const { code, out } = await check(join(here, 'usage-vue-template.vue'));
    assert.equal(out.trim(), '', out);
    assert.equal(code, 0);
  });
});

describe(`misuse is refused, for the expected reason (TypeScript ${tsVersion})`, parallel, () => {
  test('there are misuse files', () => assert.ok(MISUSE.length >= 10, MISUSE.join(', ')));
  for (const name of MISUSE) {
    const file = join(here, 'misuse', name);
    const skip = name.endsWith('.vue') && noVueTsc;
    test(name, { skip }, async () => {
      const want = expectation(file);
      const { code, out } = await check(file);
      const found = errors(out);
      assert.notEqual(code, 0, `tsc accepted ${name}`);
      assert.ok(found.length > 0, `tsc failed without an error line:\n${out}`);
      for (const e of found) {
        // vue-tsc names the file as given; tsc relative to the working directory.
        assert.ok(e.file && resolve(here, e.file) === file, `an error outside ${name}:\n${out}`);
        assert.equal(e.code, want.code, `${name} failed for another reason:\n${out}`);
      }
      assert.ok(found.some((e) => e.text.includes(want.text)), `no error says "${want.text}":\n${out}`);
    });
  }
});
