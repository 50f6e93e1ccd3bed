import { describe, expect, test } from 'vitest'
import { shortJobId } from '../../apis/index.js'
import { at, host, hostInfo, job, T0, task } from '../testing/fixtures.js'
import { hostStatusText, hostsTable } from './hosts-table.js'
import { jobsTable } from './jobs-table.js'
import { statusTable } from './status-table.js'

const nginx = job('nginx:v1', { command: ['nginx', '-g', 'daemon off;'], env: { A: '1', B: 'two' } })
const redis = job('redis:7', {})
const id = (j: typeof nginx) => shortJobId(j.status?.id ?? '')

describe('jobsTable', () => {
  test('Helios columns, sorted by id, HOSTS = hosts with a Task of the job, words with spaces quoted', () => {
    const tasks = [task(nginx, 'web1'), task(nginx, 'web2')]
    expect(jobsTable([redis, nginx], tasks)).toEqual([
      'JOB ID             NAME    VERSION   HOSTS   COMMAND                  ENVIRONMENT',
      `${id(nginx)}   nginx   v1        2       nginx -g "daemon off;"   A=1 B=two`,
      `${id(redis)}    redis   7         0`,
    ])
  })
})

describe('hostsTable', () => {
  const info = hostInfo()
  const web1 = host(
    'web1',
    { agentStartedAt: at(-3 * 60_000), agentVersion: '0.1.0', hostInfo: info },
    { role: 'web', zone: 'a' },
  )
  const web2 = host('web2', { state: 'DOWN', lastHeartbeat: at(-2 * 3_600_000) })

  test('status is "Up <uptime>" or "Down <since last heartbeat>"', () => {
    expect(hostStatusText(web1, T0)).toBe('Up 3 minutes')
    expect(hostStatusText(web2, T0)).toBe('Down 2 hours')
  })

  test('Helios columns with machine facts; DEPLOYED counts tasks, RUNNING the running ones', () => {
    const tasks = [task(nginx, 'web1', { state: 'RUNNING' }), task(redis, 'web1', { state: 'PULLING_IMAGE' })]
    expect(hostsTable([web2, web1], tasks, T0)).toEqual([
      'HOST   STATUS         DEPLOYED   RUNNING   CPUS   MEM       LOAD AVG   MEM USAGE   OS      HELIOS   DOCKER            LABELS',
      'web1   Up 3 minutes   2          1         4      8.00 gb   0.50       0.75        Linux   0.1.0    20.10.24 (1.41)   role=web, zone=a',
      'web2   Down 2 hours   0          0',
    ])
  })
})

describe('statusTable', () => {
  test('short ids, throttle after the state, 7-char containers, ports, FAILED error on the next line', () => {
    const tasks = [
      task(redis, 'web1', { state: 'FAILED', containerError: 'image redis:7 not found', throttled: 'IMAGE_MISSING' }),
      task(nginx, 'web2', {
        state: 'RUNNING',
        containerId: 'abcdef0123456789',
        ports: {
          http: { internalPort: 80, externalPort: 8080, protocol: 'tcp' },
          dns: { internalPort: 53, externalPort: 5353, protocol: 'udp' },
        },
      }),
      task(nginx, 'web1'),
    ]
    const [n, r] = [id(nginx), id(redis)]
    expect(statusTable(tasks)).toEqual([
      'JOB ID             HOST   GOAL    STATE                    CONTAINER ID   PORTS',
      `${n}   web1   START`,
      `${n}   web2   START   RUNNING                  abcdef0        dns=53:5353/udp http=80:8080`,
      `${r}    web1   START   FAILED (IMAGE_MISSING)`,
      '    image redis:7 not found',
    ])
  })
})
