// A whole cluster for one scenario: ZooKeeper, an apiserver and agents, started together and stopped together.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { type AgentHandle, startAgent } from './agent.js'
import { type ApiserverHandle, startApiserver } from './apiserver.js'
import { assertDocker, removeContainersByLabel } from './docker.js'
import { heliosctl, jsonOutput, waitHostsUp } from './heliosctl.js'
import { agentName, callerScenario } from './names.js'
import { E2E_LOG_ROOT } from './paths.js'
import type { ExecResult } from './process.js'
import { show, slug } from './text.js'
import { startZooKeeper, type ZooKeeperHandle } from './zookeeper.js'

export type Cluster = ClusterHandle

export interface ClusterHandle {
  scenario: string
  zk: ZooKeeperHandle
  apiserver: ApiserverHandle
  /** Agents in the order given. */
  agents: AgentHandle[]
  /** Agents by name. */
  agent(name: string): AgentHandle
  /** The apiserver URL. */
  server: string
  /** heliosctl against this cluster. */
  ctl(args: string[], opts?: { stdin?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ExecResult>
  /** `ctl(args)`, args asking for JSON (`--json`, `-o json`): its output parsed; throws unless it exited 0, stderr empty. */
  // biome-ignore lint/suspicious/noExplicitAny: a scenario reads the fields it asked for
  ctlJson<T = any>(args: string[]): Promise<T>
  /** `heliosctl apply -f -` of `objects` (JSON documents joined by `---`); throws unless it exited 0, stderr empty. */
  apply(...objects: object[]): Promise<void>
  /** Stops agents, removes their containers (label helios.host=<agent>), stops the apiserver and ZooKeeper. */
  stop(): Promise<void>
}

/**
 * ZooKeeper + apiserver + agents for one scenario. Logs go to .e2e/<scenario>/ (emptied first).
 * Agent names must be unique per scenario run; agentName(scenario) makes one.
 */
export async function startCluster(opts: {
  scenario?: string
  /**
   * Per agent: its name, Host labels, extra agent flags (e.g. `['--env', 'A=b']`), env (over `agentEnv`) and a
   * launcher (e.g. a NetnsHost's, to run it in a network namespace).
   */
  agents: {
    name?: string
    labels?: Record<string, string>
    args?: string[]
    env?: NodeJS.ProcessEnv
    launcher?: string[]
  }[]
  zkRoot?: string
  /** Extra apiserver flags (e.g. `['--allowed-capability', 'NET_ADMIN']`). */
  apiserverArgs?: string[]
  /** The apiserver's listen address and HTTPS certificate (see startApiserver). */
  apiserverListen?: { host?: string; tls?: { certFile: string; keyFile: string; cert: string } }
  /** Wait until every agent's host is UP (default true). */
  waitUp?: boolean
  apiserverEnv?: NodeJS.ProcessEnv
  agentEnv?: NodeJS.ProcessEnv
  /** Env of every `ctl()` run and of the UP check, e.g. `{ HELIOS_TOKEN }` for an apiserver with --token-file. */
  ctlEnv?: NodeJS.ProcessEnv
}): Promise<ClusterHandle> {
  const scenario = slug(opts.scenario ?? callerScenario('cluster'))
  rmSync(join(E2E_LOG_ROOT, scenario), { recursive: true, force: true })
  await assertDocker()

  const cleanups: (() => Promise<unknown>)[] = []
  const agents: AgentHandle[] = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    const errors: unknown[] = []
    await Promise.all(agents.map((a) => a.stop().catch((e) => errors.push(e))))
    for (const a of agents) await removeContainersByLabel(`helios.host=${a.name}`).catch((e) => errors.push(e))
    for (const fn of cleanups.reverse()) await fn().catch((e) => errors.push(e))
    if (errors.length > 0)
      throw new AggregateError(errors, `cluster ${scenario}: cleanup failed: ${errors.map((e) => show(e)).join('; ')}`)
  }

  try {
    const zk = await startZooKeeper()
    cleanups.push(() => zk.stop())
    const apiserver = await startApiserver({
      zk: zk.connect,
      zkRoot: opts.zkRoot,
      scenario,
      env: opts.apiserverEnv,
      extraArgs: opts.apiserverArgs,
      ...opts.apiserverListen,
    })
    cleanups.push(() => apiserver.stop())
    for (const spec of opts.agents) {
      const name = spec.name ?? agentName(scenario)
      const { labels, args: extraArgs, launcher } = spec
      const env = { ...opts.agentEnv, ...spec.env }
      agents.push(await startAgent({ name, server: apiserver.url, labels, scenario, env, extraArgs, launcher }))
    }
    const server = apiserver.url
    const ctl: ClusterHandle['ctl'] = (args, o = {}) =>
      heliosctl(args, { ...o, env: { ...opts.ctlEnv, ...o.env }, server })
    if (opts.waitUp ?? true) {
      try {
        await waitHostsUp(
          server,
          agents.map((a) => a.name),
          undefined,
          opts.ctlEnv,
        )
      } catch (err) {
        const logs = agents.map((a) => `--- ${a.logFile}:\n${a.tail(20)}`).join('\n')
        throw new Error(`${show(err)}\n${logs}`)
      }
    }
    return {
      scenario,
      zk,
      apiserver,
      agents,
      agent(name) {
        const a = agents.find((x) => x.name === name)
        if (!a) throw new Error(`no agent named ${name} in cluster ${scenario}`)
        return a
      },
      server,
      ctl,
      ctlJson: async (args) => jsonOutput(await ctl(args), `heliosctl ${args.join(' ')}`),
      async apply(...objects) {
        const stdin = objects.map((o) => JSON.stringify(o)).join('\n---\n')
        const res = await ctl(['apply', '-f', '-'], { stdin })
        if (res.code !== 0 || res.stderr !== '')
          throw new Error(`heliosctl apply exited ${res.code}: ${res.stderr.trim()}`)
      },
      stop,
    }
  } catch (err) {
    await stop().catch(() => {})
    throw err
  }
}
