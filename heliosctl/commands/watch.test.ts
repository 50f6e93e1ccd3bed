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

describe('watch', () => {
  test('without a terminal: a timestamped table only when it changed; --count bounds it; one second apart', async () => {
    const clock = agent()
    const result = await heliosctl(server.url, ['watch', 'web:v1', '--count', '4'], { clock })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      new RegExp(
        `^\\[2024-05-01 12:00:00 UTC\\]\\nJOB +HOST +STATE +THROTTLED\\?\\n${webId} +web1 +STARTING +NO\\n${webId} +web2 +RUNNING +NO\\n\\n` +
          `\\[2024-05-01 12:00:02 UTC\\]\\nJOB.*\\n${webId} +web1 +RUNNING +NO\\n${webId} +web2 +RUNNING +NO\\n\\n$`,
      ),
    )
    expect(clock.sleeps).toBe(3)
  })

  test('--nodiff prints every snapshot; --interval spaces them; several jobs and --host prefixes', async () => {
    const clock = stepClock()
    const argv = ['watch', 'web', 'db', '--host', 'web2', '--host', 'db', '--nodiff', '--count', '2', '--interval', '5']
    const out = (await heliosctl(server.url, argv, { clock })).stdout
    expect(out.match(/^\[.*UTC\]$/gm)).toEqual(['[2024-05-01 12:00:00 UTC]', '[2024-05-01 12:00:05 UTC]'])
    expect(out.match(/^\S+ +(\S+) +RUNNING/gm)?.map((l) => l.split(/ +/)[1])).toEqual(['db1', 'web2', 'db1', 'web2'])
  })

  test('on a terminal each snapshot clears the screen and redraws, changed or not', async () => {
    const out = (
      await heliosctl(server.url, ['watch', 'web:v1', '--count', '3'], { clock: agent(), stdoutIsTTY: true })
    ).stdout
    expect(out.split('\x1b[2J\x1b[H')).toHaveLength(4)
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
    expect(await heliosctl(server.url, ['watch', 'web', 'nope'])).toEqual({
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
