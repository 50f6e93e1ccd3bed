#!/usr/bin/env node
/**
 * @module `npm run build`'s last step: heliosctl/main.ts bundled by esbuild into dist/heliosctl/cli/, and its bin
 * (heliosctl/bin.ts) into dist/heliosctl/main.js in place of tsc's, so `heliosctl` loads a few files instead of
 * hundreds of modules. The dashboard and the gitops watcher stay lazy: chunks of their own in cli/chunks/, and the
 * packages only they use (ink, react, chokidar) stay external: node_modules.
 */
import { chmodSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/heliosctl')
rmSync(join(outdir, 'cli'), { recursive: true, force: true })
const common = { absWorkingDir: root, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' }

const result = await build({
  ...common,
  entryPoints: { main: 'heliosctl/main.ts' },
  outdir: join(outdir, 'cli'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  // Reached only through `import()` on the code paths that need them: bundling them would gain no start-up time.
  external: ['chokidar', 'ink', 'react', 'react/*'],
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Bundled CommonJS packages (commander) require() node built-ins; an ESM file has no require of its own.
  banner: { js: "import { createRequire as __cjsRequire } from 'node:module';const require = __cjsRequire(import.meta.url);" },
  metafile: true,
})

// The bin's `import('./main.js')` is the bundle, loaded only after it has decided about source maps.
const bundleAsMain = {
  name: 'bundle-as-main',
  setup: (b) => b.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: './cli/main.js', external: true })),
}
await build({ ...common, entryPoints: ['heliosctl/bin.ts'], outfile: join(outdir, 'main.js'), plugins: [bundleAsMain] })
chmodSync(join(outdir, 'main.js'), 0o755)
for (const stale of ['main.js.map', 'bin.js', 'bin.js.map']) rmSync(join(outdir, stale), { force: true })

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${file.replace('dist/heliosctl/cli/', '')} ${Math.round(out.bytes / 1024)} KiB`)
console.log(`bundled heliosctl: ${sizes.join(', ')}`)
