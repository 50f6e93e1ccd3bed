import { render } from 'ink-testing-library'
import { afterEach, describe, expect, test } from 'vitest'
import type { Deployment } from '../../apis/index.js'
import { App } from './App.js'
import { type FakeSource, fakeSource } from './testing/fake-source.js'
import { event, fleet } from './testing/snapshot-fixtures.js'

const TAB = '\t'
const ENTER = '\r'
const ESC = '\u001B'
const DOWN = '\u001B[B'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

function show(source: FakeSource, rows = 40) {
  const r = render(<App source={source} color={false} size={{ rows, columns: 100 }} />)
  unmount = r.unmount
  const frame = () => r.lastFrame() ?? ''
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10))
  return {
    frame,
    /** Lines of the frame that contain `text`. */
    linesWith: (text: string) =>
      frame()
        .split('\n')
        .filter((line) => line.includes(text)),
    /** Types keys one write at a time and lets Ink handle each. */
    async press(...keys: string[]) {
      for (const key of keys) {
        r.stdin.write(key)
        await settle()
      }
    },
    settle,
    /** Waits until the frame contains `text` (Ink renders keys and changes asynchronously). */
    shows: (text: string | RegExp) => expect.poll(frame, { timeout: 3000, interval: 10 }).toMatch(text),
  }
}

describe('overview', () => {
  test('hosts with liveness, load, tasks and cordon; deployments with progress bars; tasks; events newest last', () => {
    const { frame, linesWith } = show(fakeSource(fleet()))
    expect(frame()).toContain('Helios dashboard  http://fake:5801  hosts 1/2 up  deployments 2  tasks 3')
    expect(linesWith('HOST  STATUS')[0]).toMatch(/HOST +STATUS +LOAD +RUNNING +TASKS +CORDONED/)
    expect(linesWith('h1    UP')[0]).toMatch(/› h1 +UP +0\.50 +1 +2/)
    expect(linesWith('DOWN')[0]).toMatch(/h2 +DOWN +1\.25 +0 +1 +cordoned/)
    expect(linesWith('web:v2  2')[0]).toMatch(/web +web:v2 +2 +ROLLING_OUT +█████░░░░░ 1\/2 +START/)
    expect(linesWith('db:v1   1')[0]).toMatch(/db +db:v1 +1 +DONE +██████████ 1\/1 +START/)
    expect(linesWith('IMAGE_PULL_FAILED')[0]).toMatch(/web +h2 +FAILED \(IMAGE_PULL_FAILED\) +START +web:v1/)
    expect(linesWith('STOPPED')[0]).toMatch(/db +h1 +STOPPED +START +db:v1 +dbdbdbdbdbdb/)
    const feed = frame().slice(frame().indexOf('Events (3)'))
    expect(feed.indexOf('rolled out db:v1')).toBeLessThan(feed.indexOf('RUNNING web:v2'))
    expect(feed.indexOf('RUNNING web:v2')).toBeLessThan(feed.indexOf('pull access denied'))
    expect(frame()).toContain('● live')
    expect(frame()).toContain('? help  q quit')
  })

  test('tab moves the focus; j and arrows move the selection', async () => {
    const { frame, press, shows } = show(fakeSource(fleet()))
    expect(frame()).toContain('▸ Hosts (2)')
    await press(TAB)
    await shows('▸ Deployments (2)')
    await shows(/› db +db:v1/)
    await press('j')
    await shows(/› web +web:v2/)
    await press(DOWN, 'k')
    await shows(/› db +db:v1/)
  })

  test('updates live when the source changes', async () => {
    const source = fakeSource(fleet())
    const { frame, shows } = show(source)
    source.set({
      events: [...fleet().events, event('web.h2.2', 'Task', 'web@h2', 'Normal', 'TaskState', 'RUNNING web:v2', 9000)],
    })
    await shows('Events (4)')
    expect(frame().trimEnd().split('\n').at(-3)).toContain('RUNNING web:v2')
  })

  test('a short terminal scrolls each pane and never draws more lines than it has', () => {
    const { frame } = show(fakeSource(fleet()), 16)
    expect(frame().split('\n').length).toBeLessThan(16)
    expect(frame()).toContain('Events (3, 3-3)')
  })
})

describe('deployment detail', () => {
  test('enter opens the Deployment: every host with state, job, container, ports, error; esc goes back', async () => {
    const { frame, press, linesWith, shows } = show(fakeSource(fleet()))
    await press(TAB, 'j', ENTER)
    await shows('Deployment web  job web:v2  goal START  revision 2')
    expect(frame()).toContain('rollout ROLLING_OUT ██████████░░░░░░░░░░ 1/2')
    expect(linesWith('HOST  STATE')[0]).toMatch(/HOST +STATE +GOAL +JOB +CONTAINER +PORTS +ERROR/)
    expect(linesWith('c0ffee')[0]).toMatch(/h1 +RUNNING +START +web:v2 +c0ffee123456 +http=80:31000/)
    expect(linesWith('pull access denied')[0]).toMatch(
      /h2 +FAILED \(IMAGE_PULL_FAILED\) +START +web:v1 +pull access denied/,
    )
    expect(frame()).not.toContain('db:v1')
    expect(frame()).toContain('esc back')
    await press(ESC)
    await shows('▸ Deployments (2)')
  })

  test('a reverted rollout shows REVERTED, the failed host, why, and its last log lines (inert)', async () => {
    const snapshot = fleet()
    const [web, db] = snapshot.deployments as [Deployment, Deployment]
    const rollout = web.status?.rollout as NonNullable<NonNullable<Deployment['status']>['rollout']>
    const failure = {
      host: 'h2',
      reason: 'web:v2 exited with code 3 after 0.4 s',
      exitCode: 3,
      logTail: ['one', 'two', '\u001b[2Jthree', 'four'],
    }
    const reverted = {
      ...rollout,
      state: 'FAILED' as const,
      reason: 'AUTO_REVERT' as const,
      job: 'web:v1',
      revertedFrom: 'web:v2',
      rolledBack: true,
      message: 'rolled back to web:v1 after web:v2 failed',
      failure,
    }
    const status = { ...(web.status as NonNullable<Deployment['status']>), rollout: reverted }
    const { frame, press, shows } = show(fakeSource({ ...snapshot, deployments: [{ ...web, status }, db] }))
    await shows(/web +web:v2 +2 +REVERTED/)
    await press(TAB, 'j', ENTER)
    await shows('rollout REVERTED')
    expect(frame()).toContain('failed on h2: web:v2 exited with code 3 after 0.4 s')
    expect(frame()).toContain('  | two\n  | \\u001b[2Jthree\n  | four')
    expect(frame()).not.toContain('| one')
  })

  test('enter on a Task opens its Deployment; a deleted Deployment says so', async () => {
    const source = fakeSource(fleet())
    const { press, shows } = show(source)
    await press(TAB, TAB, ENTER)
    await shows('Deployment db ')
    source.set({ deployments: source.getSnapshot().deployments.filter((d) => d.metadata.name !== 'db') })
    await shows('deployment "db" not found (deleted?); esc goes back')
  })
})

describe('filter', () => {
  test('/ filters every pane by text; enter keeps the filter, esc clears it', async () => {
    const { frame, press, shows } = show(fakeSource(fleet()))
    await press('/', 'd', 'b')
    await shows('/db▏ (enter keeps, esc clears)')
    expect(frame()).toContain('Deployments (1)')
    expect(frame()).toContain('Tasks (1)')
    expect(frame()).not.toContain('web:v2')
    await press(ENTER)
    await shows('filter "db" (esc clears)')
    await press(ESC)
    await shows('Deployments (2)')
    expect(frame()).not.toContain('filter "db"')
  })

  test('backspace erases; q is text while typing a filter', async () => {
    const { press, shows } = show(fakeSource(fleet()))
    await press('/', 'q', '\u007F', 'w')
    await shows('/w▏')
    await shows('Deployments (1)')
  })
})

describe('confirmation', () => {
  test('s asks y/n before stopping the selected Deployment; y runs it and shows the outcome', async () => {
    const source = fakeSource(fleet())
    const { frame, press, shows } = show(source)
    await press(TAB, 'j', 's')
    await shows('Stop deployment "web" (goal STOP on all its hosts)? [y/N]')
    expect(source.actions).toEqual([])
    await press('y')
    await shows('deployment "web" stop done')
    expect(source.actions).toEqual(['stop web'])
    expect(frame()).not.toContain('[y/N]')
  })

  test('any other key cancels; S and u ask too; a failure is shown inline', async () => {
    const source = fakeSource(fleet())
    const { press, shows } = show(source)
    await press(TAB, 'S')
    await shows('Start deployment "db" (goal START on all its hosts)? [y/N]')
    await press('n')
    await shows('? help  q quit')
    source.failNext = 'deployment "db" has no previous revision to roll back to'
    await press('u')
    await shows('Roll back deployment "db" to its previous revision? [y/N]')
    await press('y')
    await shows('error: deployment "db" has no previous revision to roll back to')
    expect(source.actions).toEqual(['undo db'])
  })

  test('on the Hosts pane there is no Deployment to act on', async () => {
    const source = fakeSource(fleet())
    const { frame, press, shows } = show(source)
    await press('s')
    await shows('select a Deployment first')
    expect(frame()).not.toContain('[y/N]')
  })
})

describe('help', () => {
  test('? shows every key; any key closes it', async () => {
    const { frame, press, shows } = show(fakeSource(fleet()))
    await press('?')
    await shows('Keys')
    expect(frame()).toMatch(/u +roll back to the previous revision/)
    expect(frame()).toMatch(/q {2}ctrl-c +quit/)
    expect(frame()).not.toContain('Deployments (2)')
    await press('x')
    await shows('Deployments (2)')
  })
})

describe('reconnecting', () => {
  test('shows reconnecting… with the error while the apiserver is away, then live with fresh data', async () => {
    const source = fakeSource(fleet())
    const { frame, shows } = show(source)
    source.set({
      connection: { state: 'reconnecting', error: 'cannot reach apiserver at http://fake:5801 (ECONNREFUSED)' },
    })
    await shows('✗ reconnecting… cannot reach apiserver at http://fake:5801 (ECONNREFUSED)')
    expect(frame()).toContain('Deployments (2)')
    source.set({ connection: { state: 'live' }, deployments: [] })
    await shows('Deployments (0)')
    expect(frame()).toContain('● live')
  })

  test('says connecting… before the first list', () => {
    const { frame } = show(fakeSource({ connection: { state: 'connecting' } }))
    expect(frame()).toContain('◌ connecting…')
    expect(frame()).toContain('Hosts (0)')
  })
})
