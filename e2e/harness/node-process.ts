// Internal: a long-running node child process (apiserver or agent) logging to a file, with stop, kill9 and tail.
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { cleanupRegistry } from './cleanup.js'
import { REPO_ROOT, tailFile } from './paths.js'
import { sleep } from './wait.js'

/** How to start the process when it is not `node <script under dist/>`: an installed command, from another directory. */
export interface CommandOptions {
  /** The executable (found on `env.PATH`) in node's place; `args` are then its arguments. */
  command?: string
  /** Default: the repository. */
  cwd?: string
}

/** A node script under dist/ (or an installed command) run as a child; start() may be called again after it stopped. */
export class NodeProcess {
  private child: ChildProcess | undefined
  private exited: Promise<void> = Promise.resolve()
  private readonly killOnExit = () => this.child?.kill('SIGKILL')

  constructor(
    readonly label: string,
    readonly args: string[],
    readonly logFile: string,
    readonly env: NodeJS.ProcessEnv,
    /** A command that runs node for us, e.g. `['ip', 'netns', 'exec', NS]` (it must exec node, keeping the pid). */
    readonly launcher: string[] = [],
    readonly options: CommandOptions = {},
  ) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined
  }

  get exitStatus(): string {
    if (!this.child) return 'not started'
    if (this.running) return 'running'
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `exit code ${this.child.exitCode}`
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  start(): void {
    const { command, cwd = REPO_ROOT } = this.options
    const main = this.args[0] ?? ''
    if (!command && !existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the e2e tests`)
    mkdirSync(dirname(this.logFile), { recursive: true })
    const fd = openSync(this.logFile, 'a')
    writeSync(
      fd,
      `\n===== ${new Date().toISOString()} start ${this.label}: ${[...this.launcher, command ?? 'node', ...this.args].join(' ')}\n`,
    )
    const [file = process.execPath, ...argv] = [...this.launcher, command ?? process.execPath, ...this.args]
    const child = spawn(file, argv, { cwd, env: this.env, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    this.child = child
    this.exited = new Promise((r) => child.once('exit', () => r()))
    child.once('error', (err) => {
      const f = openSync(this.logFile, 'a')
      writeSync(f, `harness: spawn failed: ${err.message}\n`)
      closeSync(f)
    })
    cleanupRegistry().add(this.killOnExit)
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return
    this.child?.kill('SIGTERM')
    const stopped = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)])
    if (!stopped) await this.kill9()
    cleanupRegistry().delete(this.killOnExit)
  }

  async kill9(): Promise<void> {
    if (!this.running) return
    this.child?.kill('SIGKILL')
    await this.exited
    cleanupRegistry().delete(this.killOnExit)
  }

  tail(lines = 40): string {
    return tailFile(this.logFile, lines)
  }
}

/** The environment of every helios child process: ours, without colours, plus extra. */
export function childEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra }
}
