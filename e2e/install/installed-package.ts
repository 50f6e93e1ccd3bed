// The project as a user gets it: `npm pack` of the built checkout, then `npm install -g` of the tarball into a fresh prefix.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ExecResult, REPO_ROOT, run } from '../harness.js'

export interface InstalledPackage {
  /** Everything of this install lives here (mode 0755: another user can read the install). */
  dir: string
  tarball: string
  /** The tarball's files, without tar's `package/` prefix. */
  entries: string[]
  /** `npm install -g --prefix` of the tarball: commands in `<prefix>/bin`. */
  prefix: string
  /** The installed package: `<prefix>/lib/node_modules/<name>`. */
  packageDir: string
  /** Only the prefix's bin and a directory holding node (for the bins' `#!/usr/bin/env node`), nothing else. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv
  /** Runs an installed command (or another, by absolute path) with `env(extra)`, from `dir`. */
  run(command: string, args: string[], extra?: Record<string, string>): Promise<ExecResult>
  remove(): void
}

/** Packs the already built dist/ (no prepack: the e2e run built it) and installs the tarball into a fresh prefix. */
export async function packAndInstall(): Promise<InstalledPackage> {
  if (!existsSync(join(REPO_ROOT, 'dist/heliosctl/main.js'))) throw new Error('dist/ is missing: run `npm run build`')
  const dir = mkdtempSync(join(tmpdir(), 'helios-install-'))
  chmodSync(dir, 0o755)
  const npm = (args: string[], timeoutMs: number) => run('npm', args, { env: npmEnv(), timeoutMs, cwd: REPO_ROOT })
  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], 60_000)
  if (packed.code !== 0) throw new Error(`npm pack exited ${packed.code}:\n${packed.stderr}`)
  const tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename)
  const listed = await run('tar', ['-tzf', tarball])
  const entries = listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''))

  const prefix = join(dir, 'prefix')
  // The npm cache is warm (npm ci ran): nothing needs the network.
  const flags = ['--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']
  const installed = await npm(['install', '-g', ...flags, tarball], 150_000)
  if (installed.code !== 0) throw new Error(`npm install -g exited ${installed.code}:\n${installed.stderr}`)
  const name = (JSON.parse(packed.stdout) as { name: string }[])[0]!.name

  const nodeDir = join(dir, 'node-only')
  mkdirSync(nodeDir)
  symlinkSync(process.execPath, join(nodeDir, 'node'))
  const env = (extra: Record<string, string> = {}) => ({
    PATH: `${join(prefix, 'bin')}:${nodeDir}`,
    HOME: dir,
    NO_COLOR: '1',
    ...extra,
  })
  return {
    dir,
    tarball,
    entries,
    prefix,
    packageDir: join(prefix, 'lib/node_modules', name),
    env,
    run: (command, args, extra) => run(command, args, { env: env(extra), cwd: dir }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

// npm as a user runs it: not with the settings of the `npm run` or `npm test` that started these tests.
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
}
