/** @module `heliosctl inspect JOB` output: Helios' `Field: value` lines and its job JSON (the `create -f` format). */
import type { HealthCheck, Job, PortMapping } from '../../apis/index.js'
import { fullId } from '../job-ref.js'
import { oneLine } from './terminal-text.js'

/** Helios quoted words with whitespace: `[nginx, -g, "daemon off;"]` (inspect), `nginx -g "daemon off;"` (jobs). */
export const quoteWord = (word: string): string => (/\s/.test(word) ? `"${word}"` : word)
const list = (words: readonly string[]): string => `[${words.map(quoteWord).join(', ')}]`

/** `Wed, 1 May 2024 12:00:00 +0000` (Helios' `EEE, d MMM yyyy HH:mm:ss Z`), in UTC. */
export function heliosDate(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : Number.NaN
  if (Number.isNaN(ms)) return ''
  const [weekday = '', day = '', month = '', year = '', time = ''] = new Date(ms).toUTCString().split(' ')
  return `${weekday} ${Number(day)} ${month} ${year} ${time} +0000`
}

function healthCheckText(check: HealthCheck | undefined): string {
  if (!check) return ''
  if (check.type === 'http') return `type: http, port: ${check.port}, path: ${check.path}`
  if (check.type === 'tcp') return `type: tcp, port: ${check.port}`
  return `type: exec, command: ${check.command.join(' ')}`
}

const portText = (p: PortMapping): string =>
  `${p.ip ? `${p.ip}:` : ''}${p.internalPort}${p.externalPort === undefined ? '' : `:${p.externalPort}`}/${p.protocol}`

/** `Label: first` then the other entries under it, aligned after the label (Helios' printMap). */
function block(label: string, entries: readonly string[]): string[] {
  const [first = '', ...rest] = entries
  return [`${label}${first}`.trimEnd(), ...rest.map((e) => `${' '.repeat(label.length)}${e}`)]
}

const mapValues = <T>(map: Record<string, T>, f: (v: T) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]))

const pairs = (map: Record<string, string>, format: (v: string) => string = quoteWord): string[] =>
  Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${format(v)}`)

/** The job's configuration, one field per line, in Helios' order and words. */
export function inspectLines(job: Job): string[] {
  const s = job.spec
  const r = s.rolloutOptions
  return [
    `Id: ${fullId(job)}`,
    `Image: ${s.image}`,
    `Created: ${heliosDate(job.metadata.creationTimestamp)}`,
    `Expires: ${s.expires ? heliosDate(s.expires) : 'never'}`,
    `Hostname: ${s.hostname ?? ''}`,
    `Command: ${list(s.command)}`,
    ...block('Env:   ', pairs(s.env)),
    `Health check: ${healthCheckText(s.healthCheck)}`,
    `Grace period (seconds): ${s.gracePeriod ?? ''}`,
    `Time to wait before kill (seconds): ${s.secondsToWaitBeforeKill ?? ''}`,
    ...block('Metadata: ', pairs(s.metadata)),
    ...block(
      'Ports: ',
      Object.entries(s.ports).map(([name, p]) => `${name}=${portText(p)}`),
    ),
    // Helios' FORMAT_SERVICE_PORTS: each registration's port names, sorted; each entry kept on its line.
    ...block(
      'Reg: ',
      pairs(
        mapValues(s.registration ?? {}, (r) =>
          Object.keys(r.ports ?? {})
            .sort()
            .join(', '),
        ),
        String,
      ).map(oneLine),
    ),
    `Security options: ${list(s.securityOpt)}`,
    `Network mode: ${s.networkMode ?? ''}`,
    `Token: ${s.token ?? ''}`,
    // HOST:CONTAINER[:mode], the order docker and `create --volume` use; an anonymous volume is its path alone.
    ...block(
      'Volumes: ',
      Object.entries(s.volumes).map(([target, source]) => (source ? `${source}:${target}` : target)),
    ),
    `Add capabilities: ${s.addCapabilities.join(', ')}`,
    `Drop capabilities: ${s.dropCapabilities.join(', ')}`,
    ...block('Labels: ', pairs(s.labels)),
    `Runtime: ${s.runtime ?? ''}`,
    // Helios' note: an option the Job leaves out (null) comes from the flags, the Deployment or the defaults.
    `Rollout options: ${r ? `parallelism=${r.parallelism ?? null}, timeout=${r.timeout ?? null}, overlap=${r.overlap ?? null}, migrate=${r.migrate ?? null}, ignoreFailures=${r.ignoreFailures ?? null}` : ''}`,
  ]
}

/** Helios' job JSON: `id` (full), `created` (epoch ms) and the spec's fields; `create -f` reads it back. */
export function inspectJson(job: Job): Record<string, unknown> {
  const created = job.metadata.creationTimestamp ? Date.parse(job.metadata.creationTimestamp) : undefined
  return { id: fullId(job), ...job.spec, ...(created === undefined ? {} : { created }) }
}
