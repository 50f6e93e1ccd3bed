// A real terminal for interactive verbs: a detached tmux session on a private server, read with capture-pane.
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT, run } from '../harness.js'

export interface TmuxPane {
  /** The screen as text; with `escapes`, colour and style sequences too (capture-pane -e). */
  screen(opts?: { escapes?: boolean }): Promise<string>
  /** tmux send-keys: key names such as `Tab`, `Enter`, `C-c`, or literal text. */
  keys(...keys: string[]): Promise<void>
  /** Whether the command has exited, and its exit status (128+N for signal N, as the shell reports it). */
  exited(): Promise<{ dead: boolean; status?: number }>
  /** Kills the private tmux server and everything in it. */
  kill(): Promise<void>
}

/** Fails loudly when tmux is missing: scripts/ensure-deps.sh installs it. */
export async function assertTmux(): Promise<void> {
  const version = await run('tmux', ['-V'])
  if (version.code !== 0)
    throw new Error(`tmux is missing (${version.stderr.trim()}): run scripts/ensure-deps.sh (apt-get install tmux)`)
}

/** Runs `argv` (with `env`) in a `columns`×`rows` pane of its own tmux server, from the repository root. */
export async function startTmux(
  name: string,
  argv: string[],
  opts: { env?: Record<string, string>; columns?: number; rows?: number } = {},
): Promise<TmuxPane> {
  const tmux = (...args: string[]) => run('tmux', ['-L', name, '-f', '/dev/null', ...args])
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${quote(v)}`)
  // tmux does not always report a dead pane's exit status (it may see the pty close before it reaps the
  // process), so the shell around the command writes it to a file.
  const statusFile = join(tmpdir(), `${name}.status`)
  await rm(statusFile, { force: true })
  const command = `${['env', ...env, ...argv.map(quote)].join(' ')}; echo $? > ${quote(statusFile)}`
  const size = [String(opts.columns ?? 160), String(opts.rows ?? 45)]
  const started = await tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    size[0]!,
    '-y',
    size[1]!,
    '-c',
    REPO_ROOT,
    command,
    ';',
    'set-option',
    '-t',
    name,
    'remain-on-exit',
    'on',
  )
  if (started.code !== 0) throw new Error(`tmux new-session failed: ${started.stderr.trim()}`)
  return {
    async screen(o = {}) {
      const res = await tmux('capture-pane', '-p', ...(o.escapes ? ['-e'] : []), '-t', name)
      if (res.code !== 0) throw new Error(`tmux capture-pane: ${res.stderr.trim()}`)
      return res.stdout
    },
    async keys(...keys) {
      const res = await tmux('send-keys', '-t', name, ...keys)
      if (res.code !== 0) throw new Error(`tmux send-keys: ${res.stderr.trim()}`)
    },
    async exited() {
      const res = await tmux('display-message', '-p', '-t', name, '#{pane_dead}')
      const status = await readFile(statusFile, 'utf8').catch(() => '')
      return { dead: res.stdout.trim() === '1', status: status.trim() ? Number(status) : undefined }
    },
    async kill() {
      await tmux('kill-server')
    },
  }
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`
