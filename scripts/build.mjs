#!/usr/bin/env node
// Builds dist/: compiles src/ and migrations/, copies the locales, bundles shopctl. The build is made in a folder
// beside dist/ and swapped in by renaming, so a shopctl started meanwhile finds the old build or the new one,
// never half of one. `--if-changed` skips the work when the sources hash to what dist/ was built from;
// `--prepare` (npm's install hook) leaves an existing build alone when the build tools are not installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const HASH_FILE = '.source-hash';
const SOURCES = [
  'src',
  'migrations',
  'scripts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
];

const args = new Set(process.argv.slice(2));
const say = (text) => process.stderr.write(`${text}\n`);

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** Contents, not times: an unpacked package has every file dated alike, and a checkout dates them by checkout. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = SOURCES.flatMap((p) => filesUnder(join(ROOT, p)));
  for (const file of files.sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function builtHash() {
  try {
    return readFileSync(join(DIST, HASH_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function tool(specifier) {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve(specifier);
  } catch {
    return undefined;
  }
}

const hash = sourceHash();
if (args.has('--if-changed') && builtHash() === hash) process.exit(0);

const tsc = tool('typescript/bin/tsc');
const esbuildPath = tool('esbuild');
if (!tsc || !esbuildPath) {
  const built = existsSync(join(DIST, 'src', 'main.js'));
  if (built) {
    say('The build tools (dev dependencies) are not installed; using the build in dist/ as it is.');
    process.exit(0);
  }
  say('dist/ is not built and the build tools are missing: run "npm install" with dev dependencies.');
  process.exit(args.has('--prepare') ? 0 : 1);
}

const next = join(ROOT, `dist.next-${process.pid}`);
rmSync(next, { recursive: true, force: true });
try {
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (compiled.status !== 0) throw new Error('tsc failed');
  cpSync(join(ROOT, 'src/messages/locales'), join(next, 'src/messages/locales'), { recursive: true });
  const esbuild = await import(esbuildPath);
  await esbuild.build({
    // Paths in the bundle's comments are relative to this: the same whatever the temporary folder's name.
    absWorkingDir: next,
    entryPoints: [join(next, 'src/cli/main.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    outdir: join(next, 'src/shopctl'),
    logLevel: 'warning',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  writeFileSync(join(next, HASH_FILE), `${hash}\n`);
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  say(`The build failed: ${error.message}`);
  process.exit(1);
}

// Two renames: the gap between them is a few microseconds, and bin/shopctl waits out a missing bundle briefly.
const old = join(ROOT, `dist.old-${process.pid}`);
if (existsSync(DIST)) renameSync(DIST, old);
renameSync(next, DIST);
rmSync(old, { recursive: true, force: true });
