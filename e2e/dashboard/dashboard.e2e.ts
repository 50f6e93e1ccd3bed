// heliosctl dashboard in a real terminal (tmux) against a real cluster: live host and task states, a goal
// changed elsewhere shows up, an apiserver outage says reconnecting… and recovers, NO_COLOR, q and ctrl-c exit 0.
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentName, type Cluster, REPO_ROOT, startCluster, TEST_IMAGE, waitFor, waitRunning } from '../harness.js'
import { assertTmux, startTmux, type TmuxPane } from './tmux.js'

const host = agentName('dashboard')
const panes: TmuxPane[] = []
/** SGR foreground colours: 30–37, 90–97, 38;5;n / 38;2;r;g;b. */
const ESC = '\u001B'
const FOREGROUND_COLOUR = new RegExp(`${ESC}\\[(3[0-7]|9[0-7]|38;)`)
let cluster: Cluster

const manifest = (goal: 'START' | 'STOP') => `apiVersion: helios/v1
kind: Job
metadata: {name: "dash:v1"}
spec: {image: "${TEST_IMAGE}"}
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: dash}
spec: {job: "dash:v1", hosts: [${host}], goal: ${goal}}
`

async function apply(goal: 'START' | 'STOP') {
  const res = await cluster.ctl(['apply', '-f', '-'], { stdin: manifest(goal) })
  expect(res.code, res.stderr).toBe(0)
}

async function dashboard(name: string, env: Record<string, string> = {}): Promise<TmuxPane> {
  const main = join(REPO_ROOT, 'dist/heliosctl/main.js')
  const pane = await startTmux(`helios-e2e-${name}-${process.pid}`, [process.execPath, main, 'dashboard'], {
    env: { HELIOS_SERVER: cluster.server, TERM: 'xterm-256color', ...env },
  })
  panes.push(pane)
  return pane
}

/** Waits until the screen matches `pattern`; the timeout error shows the last screen. */
function sees(pane: TmuxPane, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<string> {
  return waitFor(
    async () => {
      const screen = await pane.screen()
      if (pattern.test(screen)) return screen
      throw new Error(`screen:\n${screen}`)
    },
    { timeoutMs, intervalMs: 300, what },
  )
}

function exitsCleanly(pane: TmuxPane) {
  return waitFor(
    async () => {
      const exited = await pane.exited()
      return exited.dead && exited.status !== undefined && exited
    },
    {
      timeoutMs: 20_000,
      what: 'the dashboard to exit',
    },
  )
}

beforeAll(async () => {
  await assertTmux()
  cluster = await startCluster({ agents: [{ name: host }] })
  await apply('START')
  await waitRunning(cluster.server, `dash@${host}`, { timeoutMs: 90_000 })
})
afterAll(async () => {
  for (const pane of panes) await pane.kill()
  await cluster?.stop()
})

const taskRow = (state: string) => new RegExp(`dash +${host} +${state} +START|dash +${host} +${state} +STOP`)

test('live: host UP and the task RUNNING, STOPPED after a goal change, reconnecting… during an outage, q exits 0', async () => {
  const pane = await dashboard('live')
  await sees(pane, new RegExp(`${host} +UP`), `host ${host} UP on the dashboard`)
  await sees(pane, taskRow('RUNNING'), 'dash RUNNING on the dashboard')
  await sees(pane, /dash +dash:v1 +1 +DONE +██████████ 1\/1 +START/, 'the rollout DONE with a full bar')
  const coloured = await pane.screen({ escapes: true })
  expect(coloured, 'RUNNING and UP are green').toContain(`${ESC}[32m`)
  expect(await pane.screen()).toContain('● live')

  await apply('STOP')
  await sees(pane, taskRow('STOPPED'), 'dash STOPPED on the dashboard, without a restart')

  await cluster.apiserver.kill9()
  await sees(pane, /✗ reconnecting… cannot reach apiserver/, 'reconnecting… while the apiserver is down', 30_000)
  await cluster.apiserver.restart()
  await sees(pane, /● live/, 'live again after the apiserver is back', 60_000)
  await apply('START')
  await sees(pane, taskRow('RUNNING'), 'dash RUNNING again: the data refreshes after the outage')

  await pane.keys('q')
  expect(await exitsCleanly(pane)).toEqual({ dead: true, status: 0 })
})

test('NO_COLOR: no colours in a real terminal; ctrl-c exits 0', async () => {
  const pane = await dashboard('nocolor', { NO_COLOR: '1' })
  await sees(pane, taskRow('RUNNING'), 'dash RUNNING on the NO_COLOR dashboard')
  const screen = await pane.screen({ escapes: true })
  expect(screen, 'no foreground colour sequences').not.toMatch(FOREGROUND_COLOUR)
  await pane.keys('C-c')
  expect(await exitsCleanly(pane)).toEqual({ dead: true, status: 0 })
})
