#!/usr/bin/env node
/**
 * @module `npm run build`'s last step: heliosctl/main.ts bundled by esbuild into dist/heliosctl/main.js (the bin),
 * replacing tsc's main.js, so `heliosctl` loads one file instead of hundreds of modules.
 * The dashboard and the gitops watcher stay lazy: split chunks in dist/heliosctl/chunks/, and the packages only
 * they use (ink, react, chokidar), like undici (client/tls-fetch.ts), stay external: loaded from node_modules on use.
 */
import { chmodSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/heliosctl')
rmSync(join(outdir, 'chunks'), { recursive: true, force: true })

const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'heliosctl/main.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Reached only through `import()` on the code paths that need them: bundling them would gain no start-up time.
  external: ['undici', 'chokidar', 'ink', 'react', 'react/*'],
  sourcemap: 'linked',
  sourcesContent: false,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Bundled CommonJS packages (commander) require() node built-ins; an ESM file has no require of its own.
  banner: { js: "import { createRequire as __cjsRequire } from 'node:module';const require = __cjsRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
})
chmodSync(join(outdir, 'main.js'), 0o755)

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, out]) => `${file.replace('dist/heliosctl/', '')} ${Math.round(out.bytes / 1024)} KiB`)
console.log(`bundled heliosctl: ${sizes.join(', ')}`)
