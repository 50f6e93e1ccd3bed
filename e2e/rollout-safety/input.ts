// Jobs and Deployments of the rollout-safety scenarios: a good version that serves its own name over http, and bad ones.
import { randomId } from '../harness.js'

/**
 * Agent names and flags for `count` agents sharing this machine's engine: each its own host-port range, so their
 * dynamic ports never race for the same number (every agent's book starts at 20000 otherwise).
 */
export function agentsOnOneEngine(prefix: string, count: number) {
  const base = 20_000 + Math.floor(Math.random() * 50) * 200
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-h${i + 1}`,
    labels: { role: 'web' },
    args: ['--port-range', `${base + i * 40}-${base + i * 40 + 39}`],
  }))
}

/** A Job that serves `<name>` (e.g. "crash-now:v1") as its page on port 80 and passes a tcp check there. */
export const goodJob = (name: string) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "${name}" }
spec:
  image: helios-test/busybox:latest
  command: ["sh", "-c", "echo ${name} > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
  ports:
    http: { internalPort: 80 }
  healthCheck: { type: tcp, port: http }
  secondsToWaitBeforeKill: 1
`

/** The ways a new version goes wrong, each a Job named `<case>:v2`. */
export const badJobs = {
  /** Says why, then exits 3 before it ever listens. */
  'crash-now': `
  image: helios-test/busybox:latest
  command: ["sh", "-c", "echo starting crash-now v2; echo 'fatal: no config at /etc/app.conf' >&2; exit 3"]
  ports:
    http: { internalPort: 80 }
  healthCheck: { type: tcp, port: http }
  secondsToWaitBeforeKill: 1`,
  /** Serves, passes its check (RUNNING), then exits 4 three seconds later. */
  'crash-later': `
  image: helios-test/busybox:latest
  command: ["sh", "-c", "httpd -p 80 -h /www; echo serving; sleep 3; echo 'dying after 3 s: lost the database' >&2; exit 4"]
  ports:
    http: { internalPort: 80 }
  healthCheck: { type: tcp, port: http }
  secondsToWaitBeforeKill: 1`,
  /** Runs, but its check probes a port nothing listens on. */
  unhealthy: `
  image: helios-test/busybox:latest
  ports:
    http: { internalPort: 80 }
    probe: { internalPort: 81 }
  healthCheck: { type: tcp, port: probe }
  secondsToWaitBeforeKill: 1`,
  /** An image no registry has (and this machine has no registry to ask). */
  ghost: `
  image: helios-test/no-such-image:${randomId()}
  ports:
    http: { internalPort: 80 }
  secondsToWaitBeforeKill: 1`,
} as const
export type BadCase = keyof typeof badJobs

export const badJob = (kase: BadCase) => `
apiVersion: helios/v1
kind: Job
metadata: { name: "${kase}:v2" }
spec:${badJobs[kase]}
`

/** A Deployment of `job` on every host labelled role=web, with `rollout` options (a YAML flow map). */
export const deploymentYaml = (name: string, job: string, rollout: string) => `
apiVersion: helios/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  job: "${job}"
  hostSelector: ["role=web"]
  rollout: ${rollout}
`
