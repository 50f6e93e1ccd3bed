/**
 * @module Plausible Jobs and Deployments for one agent's host with hostile field values (images, env, command, ports,
 * names, labels). Never a host path, host network, capability or privilege (this machine's engine is shared), and
 * never an image Docker would pull from the internet: each is the local test image, a reference Docker refuses to
 * parse, or one on a closed loopback registry.
 */
import fc from 'fast-check'
import { IMAGE } from './targets.js'

type Obj = Record<string, unknown>

const image = fc.oneof(
  { weight: 3, arbitrary: fc.constant(IMAGE) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '..',
      'x/../../y',
      'x@sha256:../../',
      '../../../../containers/json',
      `${IMAGE}/../../x`,
      'helios-test/busybox@sha256:0000',
      'helios-test/busybox:',
      'a:b:c',
      'UPPER:1',
      '-x',
      'x?y=1',
      'x#y',
      '%2e%2e',
      'ｘ:1',
      'x\u0000y',
      '127.0.0.1:1/x:y',
      'localhost:1/a/b:c',
      '[::1]:1/x',
    ),
  },
)

const env = fc.oneof(
  fc.constant({ A: '1' }),
  fc.constantFrom<Obj>(
    { A: 'x'.repeat(100_000) },
    { A: '\u0000' },
    { A: '$(reboot)`id`' },
    { PATH: '' },
    { LD_PRELOAD: '/nonexistent.so' },
    { 'A=B': 'c' },
    { '': 'x' },
    { 'Ä€': '🙂' },
  ),
  fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 30 }), {
    maxKeys: 3,
  }),
)

const command = fc.oneof(
  fc.constant([]),
  fc.constantFrom<unknown[]>(
    ['\u0000'],
    [''],
    ['x'.repeat(100_000)],
    ['sh', '-c', 'exit 3'],
    ['/nonexistent'],
    ['--help'],
    [1, 2],
    'not-a-list',
  ),
  fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 4 }),
)

const portNumber = fc.oneof(fc.integer({ min: 20_000, max: 20_040 }), fc.constantFrom(0, -1, 65_536, 1.5, '80', 80))
const ports = fc.oneof(
  fc.constant({ http: { internalPort: 80 } }),
  fc
    .tuple(
      fc.constantFrom('http', 'h', 'a-b_c', '', 'ü', '../x', '__proto__'),
      portNumber,
      fc.option(portNumber),
      fc.constantFrom('tcp', 'udp', 'sctp', 'TCP'),
    )
    .map(([name, internalPort, externalPort, protocol]) => ({
      [name]: { internalPort, ...(externalPort === null ? {} : { externalPort }), protocol },
    })),
)

const labels = fc.oneof(
  fc.constant({}),
  fc.constantFrom<Obj>(
    { 'helios.host': 'someone-else' },
    { 'helios.task': 'web@elsewhere' },
    { 'helios.job': 'x:y:z' },
    { a: 'x'.repeat(10_000) },
    { '': '' },
  ),
)

const jobName = (i: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(`hj${i}:v1`) },
    { weight: 1, arbitrary: fc.constantFrom(`hj${i}:v1/../x`, `HJ${i}:${'v'.repeat(300)}`, `hj${i}`, `hj ${i}:v1`) },
  )

/** The i-th Job and the Deployment running it on `host`, made hostile in a few fields. */
export const workload = (i: number, host: string): fc.Arbitrary<{ job: Obj; deployment: Obj }> =>
  fc
    .record({ name: jobName(i), image, env, command, ports, labels, meta: labels })
    .map(({ name, image, env, command, ports, labels, meta }) => ({
      job: {
        apiVersion: 'helios/v1',
        kind: 'Job',
        metadata: { name, labels: meta },
        spec: { image, env, command, ports, labels, secondsToWaitBeforeKill: 1 },
      },
      deployment: {
        apiVersion: 'helios/v1',
        kind: 'Deployment',
        metadata: { name: `hd${i}` },
        spec: { job: name, hosts: [host] },
      },
    }))
