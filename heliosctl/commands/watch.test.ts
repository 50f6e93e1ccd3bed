import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { shortJobId } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { job, task } from '../testing/fixtures.js'
import { stepClock } from '../testing/step-clock.js'

let server: FakeApiserver
const web = job('web:v1')
const db = job('db:1')
const webId = shortJobId(web.status?.id ?? '')
beforeEach(async () => {
  server = await startFakeApiserver()
  server.seed(web, db, job('other:1'))
  server.seed(task(web, 'web1', { state: 'STARTING' }), task(web, 'web2', { state: 'RUNNING' }))
  server.seed(task(db, 'db1', { state: 'RUNNING' }), task(job('other:1'), 'web1', { state: 'RUNNING' }))
})
afterEach(() => server.close())

/** The agent: web1 reaches RUNNING after the second snapshot. */
const agent = () =>
  stepClock((n) => {
    if (n === 2) server.seed(task(web, 'web1', { state: 'RUNNING' }))
  })

const pad = (job: string, host: string, state: string, throttled = 'NO') =>
  `${job.padEnd(20)} ${host.padEnd(30)} ${state.padEnd(8)} ${throttled}`
const rule = (time: string) =>
  `-------------------- ------------------------------ -------- ---------- [2024-05-01 ${time} UTC]`
const HEADER = 'Control-C to stop\nJOB                  HOST                           STATE    THROTTLED?\n'

describe('watch', () => {
  test("without a terminal: Helios' header once, then a ruled snapshot only when it changed; --count bounds it", async () => {
    const clock = agent()
    const result = await heliosctl(server.url, ['watch', 'web:v1', '--count', '4'], { clock })
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      HEADER +
        [rule('12:00:00'), pad(webId, 'web1', 'STARTING'), pad(webId, 'web2', 'RUNNING')].join('\n') +
        '\n' +
        [rule('12:00:02'), pad(webId, 'web1', 'RUNNING'), pad(webId, 'web2', 'RUNNING')].join('\n') +
        '\n',
    )
    expect(clock.sleeps).toBe(3)
  })

  test('positional HOSTs are prefixes; JOB matches every job whose id contains it; --nodiff; --interval', async () => {
    const clock = stepClock()
    const argv = ['watch', ':1:', 'web', 'db', '--nodiff', '--count', '2', '--interval', '5']
    const out = (await heliosctl(server.url, argv, { clock })).stdout
    expect(out.match(/^-.*\[(.*) UTC\]$/gm)?.map((l) => l.slice(-25))).toEqual([
      '[2024-05-01 12:00:00 UTC]',
      '[2024-05-01 12:00:05 UTC]',
    ])
    const rows = out.split('\n').filter((l) => /RUNNING|STARTING/.test(l))
    const dbId = shortJobId(db.status?.id ?? '')
    const otherId = shortJobId(job('other:1').status?.id ?? '')
    expect(rows.slice(0, 2)).toEqual([pad(dbId, 'db1', 'RUNNING'), pad(otherId, 'web1', 'RUNNING')])
    expect(rows).toHaveLength(4)
  })

  test('--exact: one row per named host in the order given, UNKNOWN where the job has no task there', async () => {
    const out = (await heliosctl(server.url, ['watch', 'web:v1', 'web2', 'web', 'web1', '--exact', '--count', '1']))
      .stdout
    expect(out.split('\n').slice(3, 6)).toEqual([
      pad(webId, 'web2', 'RUNNING'),
      pad(webId, 'web', 'UNKNOWN', 'UNKNOWN'),
      pad(webId, 'web1', 'STARTING'),
    ])
  })

  test('long job ids and host names are cut to their columns, as Helios chops them', async () => {
    const long = job('a-rather-long-job-name:v1')
    server.seed(long, task(long, 'h'.repeat(40), { state: 'RUNNING' }))
    const out = (await heliosctl(server.url, ['watch', 'a-rather-long-job-name:v1', '--count', '1'])).stdout
    expect(out.split('\n')[3]).toBe(`a-rather-long-job-na ${'h'.repeat(30)} RUNNING  NO`)
  })

  test('on a terminal each snapshot clears the screen and redraws header and rows, changed or not', async () => {
    const out = (
      await heliosctl(server.url, ['watch', 'web:v1', '--count', '3'], { clock: agent(), stdoutIsTTY: true })
    ).stdout
    const screens = out.split('\x1b[2J\x1b[H')
    expect(screens).toHaveLength(4)
    expect(screens[3]).toBe(
      `${HEADER}${[rule('12:00:02'), pad(webId, 'web1', 'RUNNING'), pad(webId, 'web2', 'RUNNING')].join('\n')}\n`,
    )
  })

  test('--json: one line per changed snapshot', async () => {
    const out = (await heliosctl(server.url, ['--json', 'watch', 'web:v1', '--count', '3'], { clock: agent() })).stdout
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatchObject({
      timestamp: '2024-05-01T12:00:02.000Z',
      tasks: [
        { job: web.status?.id, host: 'web1', goal: 'START', state: 'RUNNING', throttled: 'NO' },
        { host: 'web2', state: 'RUNNING' },
      ],
    })
  })

  test('an unknown job is an error before watching; a bad interval a usage error', async () => {
    expect(await heliosctl(server.url, ['watch', 'nope', 'web'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Unknown job: nope\n',
    })
    expect((await heliosctl(server.url, ['watch', 'web', '--interval', '0'])).code).toBe(2)
  })
})

describe('status --json with a job filter matching nothing', () => {
  test("Helios' empty map, exit 1", async () => {
    expect(await heliosctl(server.url, ['status', '--json', '-j', 'zzz'])).toEqual({
      code: 1,
      stdout: '{}\n',
      stderr: '',
    })
  })
})
