// The steps spotify/helios' system tests (helios-system-tests, SystemTestBase) are written in, over heliosctl and the
// API: createJob, deployJob, awaitTaskState, awaitDeploymentGroupStatus… so each ported test reads like its original.
import {
  type AgentHandle,
  type Cluster,
  getObject,
  listObjects,
  removeContainersByLabel,
  startAgent,
  startCluster,
  type TaskView,
  waitFor,
  waitHostsUp,
} from '../harness.js'

/** Helios' TEST_GROUP, TEST_LABEL and TOKEN. */
export const TEST_GROUP = 'my_group'
export const TEST_LABEL = 'foo=bar'
export const TOKEN = 'foo-token'
/** Helios' BUSYBOX with IDLE_COMMAND: our test image idles serving httpd. */
export const IMAGE = 'helios-test/busybox:latest'
/** Helios waits LONG_WAIT_SECONDS (400 s); scenarios here stay short. */
const WAIT_MS = 60_000

export interface HeliosTest {
  cluster: Cluster
  ctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>
  /** Helios' cli(): heliosctl's stdout, whatever the exit code (Helios' tests read the output). */
  cli(...args: string[]): Promise<string>
  /** Helios' startDefaultAgent(host, "--labels", …): an agent of its own, stopped (containers removed) by stop(). */
  startAgent(name: string, labels?: Record<string, string>): Promise<AgentHandle>
  stopAgent(agent: AgentHandle): Promise<void>
  stop(): Promise<void>
}

/** A master (apiserver + ZooKeeper) and the agents given; `testHost(n)` names them uniquely per run. */
export async function startHeliosTest(
  agents: { name: string; labels?: Record<string, string> }[],
): Promise<HeliosTest> {
  const cluster = await startCluster({ agents })
  const extra: AgentHandle[] = []
  const ctl = (...args: string[]) => cluster.ctl(args, { timeoutMs: 120_000 })
  return {
    cluster,
    ctl,
    cli: async (...args) => (await ctl(...args)).stdout,
    async startAgent(name, labels) {
      const agent = await startAgent({ name, server: cluster.server, labels, scenario: cluster.scenario })
      extra.push(agent)
      await waitHostsUp(cluster.server, [name])
      return agent
    },
    async stopAgent(agent) {
      await agent.stop()
    },
    async stop() {
      for (const a of extra) await a.stop().catch(() => {})
      for (const a of extra) await removeContainersByLabel(`helios.host=${a.name}`).catch(() => {})
      await cluster.stop()
    },
  }
}

/** A host name unique to this run, `<test>-<pid>-<suffix>`. */
export const testHost = (test: string, suffix = ''): string => `${test}-${process.pid}${suffix ? `-${suffix}` : ''}`

/** Helios' `foo=bar` as a label map. */
export const labels = (...pairs: string[]): Record<string, string> =>
  Object.fromEntries(pairs.map((p) => p.split('=') as [string, string]))

/** Helios' createJob(name, version, image, command): `heliosctl create name:version image`, the full id printed. */
export async function createJob(t: HeliosTest, nameAndVersion: string, opts: { token?: string; image?: string } = {}) {
  const out = await t.ctl(
    'create',
    '-q',
    nameAndVersion,
    opts.image ?? IMAGE,
    ...(opts.token ? ['--token', opts.token] : []),
  )
  if (out.code !== 0) throw new Error(`create ${nameAndVersion} exited ${out.code}: ${out.stderr}`)
  return out.stdout.trim()
}

/** Helios' awaitTaskState(jobId, host, state): the host's Task of the Job reports `state` for that very Job. */
export async function awaitTaskState(t: HeliosTest, job: string, host: string, state: string): Promise<TaskView> {
  return waitFor(
    async () => {
      const tasks = await listObjects<TaskView>(t.cluster.server, 'Task')
      return tasks.find(
        (x) =>
          x.spec.job === job &&
          x.spec.host === host &&
          !x.metadata.name.endsWith('~surge') &&
          x.status?.state === state &&
          x.status.jobId === x.spec.jobId,
      )
    },
    { timeoutMs: WAIT_MS, what: `${job} ${state} on ${host}` },
  )
}

/** Helios' awaitTaskGone / awaitUndeployed: no Task of the Job on the host. */
export async function awaitTaskGone(t: HeliosTest, job: string, host: string): Promise<void> {
  await waitFor(
    async () =>
      !(await listObjects<TaskView>(t.cluster.server, 'Task')).some((x) => x.spec.job === job && x.spec.host === host),
    { timeoutMs: WAIT_MS, what: `no Task of ${job} on ${host}` },
  )
}

/** The Deployment a host's Task of the Job belongs to: Helios' deployment.getDeploymentGroupName(). */
export async function deploymentOf(t: HeliosTest, job: string, host: string): Promise<string | undefined> {
  const tasks = await listObjects<TaskView>(t.cluster.server, 'Task')
  return tasks.find((x) => x.spec.job === job && x.spec.host === host && !x.metadata.name.endsWith('~surge'))?.spec
    .deployment
}

/**
 * Helios' awaitDeploymentGroupStatus(group, state): `deployment-group-status --json`'s deploymentGroupStatus.state
 * (ROLLING_OUT, DONE, FAILED), read only once the controller has seen the group's latest spec.
 */
export async function awaitDeploymentGroupStatus(t: HeliosTest, group: string, state: string): Promise<void> {
  await waitFor(
    async () => {
      const d = await getObject<{ metadata: { generation?: number }; status?: { observedGeneration?: number } }>(
        t.cluster.server,
        'Deployment',
        group,
      )
      if (d?.status?.observedGeneration !== d?.metadata.generation) throw new Error('spec not observed yet')
      const out = await t.ctl('--json', 'deployment-group-status', group)
      const json = JSON.parse(out.stdout) as { deploymentGroupStatus?: { state?: string } | null }
      if (json.deploymentGroupStatus?.state === state) return true
      throw new Error(`deployment-group-status: ${out.stdout.replaceAll(/\s+/g, ' ')}`)
    },
    { timeoutMs: WAIT_MS, intervalMs: 500, what: `group ${group} ${state}` },
  )
}
