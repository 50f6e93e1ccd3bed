// An agent as a child process (dist/agent/main.js), with its state dir and log next to the scenario's logs.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { callerScenario } from './names.js'
import { childEnv, NodeProcess } from './node-process.js'
import { REPO_ROOT, scenarioLogDir } from './paths.js'
import { slug } from './text.js'
import { waitFor } from './wait.js'

export interface AgentHandle {
  name: string
  stateDir: string
  logFile: string
  readonly pid: number | undefined
  readonly running: boolean
  stop(): Promise<void>
  kill9(): Promise<void>
  /** Starts a fresh process with the same flags (stopping the old one if it still runs). */
  restart(): Promise<void>
  tail(lines?: number): string
}

export async function startAgent(opts: {
  name: string
  server: string
  stateDir?: string
  labels?: Record<string, string>
  scenario?: string
  env?: NodeJS.ProcessEnv
  extraArgs?: string[]
  /** Runs the agent through this command, e.g. a NetnsHost's `launcher` (`ip netns exec NS`). */
  launcher?: string[]
}): Promise<AgentHandle> {
  // Default state lives next to the logs (kept for post-mortems, wiped when the scenario starts again).
  const logDir = scenarioLogDir(opts.scenario ?? callerScenario())
  const stateDir = opts.stateDir ?? join(logDir, `state-${slug(opts.name)}`)
  mkdirSync(stateDir, { recursive: true })
  const logFile = join(logDir, `agent-${slug(opts.name)}.log`)
  const labelArgs = Object.entries(opts.labels ?? {}).flatMap(([k, v]) => ['--label', `${k}=${v}`])
  const proc = new NodeProcess(
    `agent ${opts.name}`,
    [
      join(REPO_ROOT, 'dist/agent/main.js'),
      '--name',
      opts.name,
      '--server',
      opts.server,
      ...labelArgs,
      '--state-dir',
      stateDir,
      // Several agents share this machine: each serves logs on a port of its own (a scenario's flag wins).
      '--listen-address',
      '127.0.0.1:0',
      ...(opts.extraArgs ?? []),
    ],
    logFile,
    childEnv(opts.env),
    opts.launcher,
  )
  proc.start()
  return {
    name: opts.name,
    stateDir,
    logFile,
    get pid() {
      return proc.pid
    },
    get running() {
      return proc.running
    },
    stop: () => proc.stop(),
    kill9: () => proc.kill9(),
    async restart() {
      await proc.stop()
      proc.start()
    },
    tail: (lines?: number) => proc.tail(lines),
  }
}

/** Waits until the agent's log since its last (re)start has a line containing `text`, e.g. `"tasks synced"`. */
export async function waitAgentLog(agent: AgentHandle, text: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      const log = existsSync(agent.logFile) ? readFileSync(agent.logFile, 'utf8') : ''
      return log.slice(log.lastIndexOf('\n===== ')).includes(text)
    },
    { timeoutMs, what: `${agent.name}'s log to show ${text} (${agent.logFile})` },
  )
}
