import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { type Event, type EventInput, type PassedThroughState, parseObject } from '../../apis/index.js'
import { heliosctl } from '../testing/cli.js'
import { type FakeApiserver, startFakeApiserver } from '../testing/fake-apiserver.js'
import { at, job } from '../testing/fixtures.js'

let server: FakeApiserver
beforeEach(async () => {
  server = await startFakeApiserver()
})
afterEach(() => server.close())

const nginx = job('nginx:v1')
const nginxId = nginx.status?.id ?? ''

function event(
  host: string,
  ms: number,
  task: Partial<NonNullable<EventInput['task']>>,
  extra: Partial<EventInput> = {},
) {
  return parseObject({
    apiVersion: 'helios/v1',
    kind: 'Event',
    metadata: { name: `nginx-${host}.${ms}` },
    involvedObject: { kind: 'Task', name: `nginx@${host}` },
    reason: 'TaskState',
    message: '',
    source: { component: 'agent', host },
    timestamp: at(ms),
    task: { host, job: 'nginx:v1', jobId: nginxId, state: 'RUNNING', ...task },
    ...extra,
  }) as Event
}

function seedHistory() {
  server.seed(
    nginx,
    job('redis:7'),
    event('web2', 1_500, { state: 'CREATING' }),
    event('web1', 2_000, { state: 'RUNNING', containerId: '1a2b3c4d5e6f' }),
    event('web1', 0, { state: 'PULLING_IMAGE' }),
    event('web1', 3_123, { state: 'EXITED', containerId: '1a2b3c4d5e6f', throttled: 'FLAPPING', exitCode: 1 }),
    event('web1', 2_500, { state: 'RUNNING' }, { reason: 'DriftCorrected', message: 'container 1a2b3c4 was…' }),
    event('web1', 4_000, { state: 'RUNNING', job: 'redis:7' }),
  )
}

describe('history', () => {
  test("Helios' table: oldest first across hosts, UTC milliseconds, <none> without a container", async () => {
    seedHistory()
    const result = await heliosctl(server.url, ['history', 'nginx'])
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'HOST   TIMESTAMP                 STATE           THROTTLED   CONTAINERID',
        'web1   2024-05-01 12:00:00.000   PULLING_IMAGE   NO          <none>',
        'web2   2024-05-01 12:00:01.500   CREATING        NO          <none>',
        'web1   2024-05-01 12:00:02.000   RUNNING         NO          1a2b3c4',
        'web1   2024-05-01 12:00:03.123   EXITED          FLAPPING    1a2b3c4',
        '',
      ].join('\n'),
    })
    expect(server.requests).toEqual([
      'GET /apis/helios/v1/jobs',
      'GET /apis/helios/v1/events?fieldSelector=task.job%3Dnginx%3Av1',
    ])
  })

  test('--host narrows to one host; --json prints TaskStatusEvents', async () => {
    seedHistory()
    const result = await heliosctl(server.url, ['--json', 'history', 'nginx:v1', '--host', 'web2'])
    expect(JSON.parse(result.stdout)).toEqual({
      events: [
        {
          timestamp: Date.parse(at(1_500)),
          host: 'web2',
          status: {
            job: expect.objectContaining({ id: nginxId, image: 'nginx:1.7.1' }),
            goal: null,
            state: 'CREATING',
            containerId: null,
            throttled: 'NO',
            ports: {},
            env: {},
            containerError: '',
          },
        },
      ],
      status: 'OK',
    })
  })

  test('a status that passed through states unwritten is one row per state, each at its own time, in time order', async () => {
    const passedThrough: PassedThroughState[] = [
      { state: 'CREATING', at: at(1_000) },
      { state: 'STARTING', at: at(1_800), containerId: '1a2b3c4d5e6f', throttled: 'FLAPPING' },
    ]
    server.seed(
      nginx,
      event('web1', 2_000, { state: 'RUNNING', containerId: '1a2b3c4d5e6f', passedThrough }),
      event('web2', 1_500, { state: 'RUNNING', containerId: '9f8e7d6c5b4a' }),
      event('web1', 500, { state: 'EXITED', containerId: '0a0b0c0d0e0f', exitCode: 1 }),
    )
    expect((await heliosctl(server.url, ['history', 'nginx'])).stdout.split('\n')).toEqual([
      'HOST   TIMESTAMP                 STATE      THROTTLED   CONTAINERID',
      'web1   2024-05-01 12:00:00.500   EXITED     NO          0a0b0c0',
      'web1   2024-05-01 12:00:01.000   CREATING   NO          <none>',
      'web2   2024-05-01 12:00:01.500   RUNNING    NO          9f8e7d6',
      'web1   2024-05-01 12:00:01.800   STARTING   FLAPPING    1a2b3c4',
      'web1   2024-05-01 12:00:02.000   RUNNING    NO          1a2b3c4',
      '',
    ])
    const json = await heliosctl(server.url, ['--json', 'history', 'nginx', '--host', 'web1'])
    const rows = JSON.parse(json.stdout).events.map((e: { timestamp: number; status: Record<string, unknown> }) => [
      e.timestamp - Date.parse(at(0)),
      e.status.state,
      e.status.containerId,
      e.status.throttled,
    ])
    expect(rows).toEqual([
      [500, 'EXITED', '0a0b0c0d0e0f', 'NO'],
      [1_000, 'CREATING', null, 'NO'],
      [1_800, 'STARTING', '1a2b3c4d5e6f', 'FLAPPING'],
      [2_000, 'RUNNING', '1a2b3c4d5e6f', 'NO'],
    ])
  })

  test('states of one status at the same millisecond keep their order', async () => {
    const passedThrough: PassedThroughState[] = [
      { state: 'CREATING', at: at(1_000) },
      { state: 'STARTING', at: at(1_000), containerId: '1a2b3c4d5e6f' },
    ]
    server.seed(nginx, event('web1', 1_000, { state: 'RUNNING', containerId: '1a2b3c4d5e6f', passedThrough }))
    const states = (await heliosctl(server.url, ['history', 'nginx'])).stdout
      .split('\n')
      .map((l) => l.split(/ {2,}/)[2])
    expect(states.slice(1, -1)).toEqual(['CREATING', 'STARTING', 'RUNNING'])
  })

  test('an unknown job is an error; no history is just the header', async () => {
    server.seed(nginx)
    expect(await heliosctl(server.url, ['history', 'nope'])).toMatchObject({
      code: 1,
      stderr: 'error: Unknown job: nope\n',
    })
    expect((await heliosctl(server.url, ['history', 'nginx:v1'])).stdout).toBe(
      'HOST   TIMESTAMP   STATE   THROTTLED   CONTAINERID\n',
    )
  })
})

describe('get events', () => {
  test('TIME TYPE REASON OBJECT MESSAGE, oldest first; --field-selector is passed on', async () => {
    server.seed(
      event('web1', 2_000, {}, { type: 'Warning', reason: 'DriftCorrected', message: 'container 1a2b3c4 was removed' }),
      event('web1', 0, {}, { message: 'RUNNING container 1a2b3c4' }),
    )
    const result = await heliosctl(server.url, ['get', 'events', '--field-selector', 'involvedObject.name=nginx@web1'])
    expect(result.stdout.split('\n')).toEqual([
      'TIME                      TYPE      REASON           OBJECT            MESSAGE',
      '2024-05-01 12:00:00.000   Normal    TaskState        task/nginx@web1   RUNNING container 1a2b3c4',
      '2024-05-01 12:00:02.000   Warning   DriftCorrected   task/nginx@web1   container 1a2b3c4 was removed',
      '',
    ])
    expect(server.requests).toEqual(['GET /apis/helios/v1/events?fieldSelector=involvedObject.name%3Dnginx%40web1'])
  })
})
