#!/usr/bin/env node
/**
 * @module `npm run build`'s last step: heliosctl/main.ts bundled by esbuild into dist/heliosctl/cli/main.cjs, and its
 * bin (heliosctl/bin.ts) into dist/heliosctl/main.js in place of tsc's, so `heliosctl` loads one file instead of
 * hundreds of modules. The bundle is CommonJS so that the bin can compile it with V8's code cache
 * (heliosctl/code-cache.ts), written here once by a first run and refreshed by any run whose Node rejects it.
 * The packages only lazy verbs use stay external: ink and react (the dashboard), chokidar (apply --watch); the ES
 * modules among them are handed to the bundle by heliosctl/esm-only.ts, as CommonJS cannot require() them.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/heliosctl')
const bundle = join(outdir, 'cli/main.cjs')
rmSync(join(outdir, 'cli'), { recursive: true, force: true })
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' }

const ESM_ONLY = ['ink', 'chokidar']
/** In the bundle, `import … from 'ink'` reads what heliosctl/esm-only.ts kept; `import('ink')` stays (and is never run). */
const esmOnly = {
  name: 'esm-only',
  setup(b) {
    const filter = new RegExp(`^(${ESM_ONLY.join('|')})$`)
    b.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : { path: args.path, namespace: 'esm-only' },
    )
    b.onLoad({ filter: /.*/, namespace: 'esm-only' }, (args) => ({
      loader: 'js',
      contents: `const kept = globalThis[Symbol.for('heliosctl.esm-only')]?.[${JSON.stringify(args.path)}]
if (!kept) throw new Error(${JSON.stringify(`${args.path} was not imported first (heliosctl/esm-only.ts)`)})
module.exports = kept`,
    }))
  },
}

const result = await build({
  ...common,
  format: 'cjs',
  entryPoints: ['heliosctl/main.ts'],
  outfile: bundle,
  external: ['react', 'react/*'],
  plugins: [esmOnly],
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // heliosctl/main.ts finds package.json and tells whether it is the entry point by its own URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
  metafile: true,
})

// A code cache is checked against its source's length only: its name carries the bundle's hash.
const hash = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 12)
const cacheFile = `main.${hash}.v8cache`

// The bin's `import('./main.js')` is the bundle, compiled with its cache, after the bin has decided about source maps.
const bundleAsMain = {
  name: 'bundle-as-main',
  setup: (b) => {
    b.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: 'cached-bundle', namespace: 'bundle-as-main' }))
    b.onLoad({ filter: /.*/, namespace: 'bundle-as-main' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: `import { fileURLToPath } from 'node:url'
import { requireWithCodeCache } from './heliosctl/code-cache.ts'
const cli = (name) => fileURLToPath(new URL('./cli/' + name, import.meta.url))
// The bundle cannot import() (heliosctl/esm-only.ts): this module does it on its behalf.
globalThis[Symbol.for('heliosctl.esm-only')] = { importer: (name) => import(name) }
// -v: plain require(), whose stack traces source maps rewrite to the TypeScript files.
export const { main } = process.sourceMapsEnabled
  ? (await import('node:module')).createRequire(import.meta.url)(cli('main.cjs'))
  : requireWithCodeCache(cli('main.cjs'), cli(${JSON.stringify(cacheFile)})).exports`,
    }))
  },
}
await build({
  ...common,
  format: 'esm',
  entryPoints: ['heliosctl/bin.ts'],
  outfile: join(outdir, 'main.js'),
  plugins: [bundleAsMain],
})
chmodSync(join(outdir, 'main.js'), 0o755)
for (const stale of ['main.js.map', 'bin.js', 'bin.js.map', 'code-cache.js', 'code-cache.js.map'])
  rmSync(join(outdir, stale), { force: true })

// The first cache, so that an install the user cannot write to starts fast too.
execFileSync(process.execPath, [join(outdir, 'main.js'), 'version', '--client'], { stdio: 'ignore' })

const kib = (file) => `${Math.round(result.metafile.outputs[file].bytes / 1024)} KiB`
console.log(`bundled heliosctl: cli/main.cjs ${kib('dist/heliosctl/cli/main.cjs')}, code cache ${cacheFile}`)
