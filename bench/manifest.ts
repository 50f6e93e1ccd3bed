/** @module The Job + Deployment manifest benchmarks apply: one container of the test image on one host. */

export const IMAGE = 'helios-test/busybox:latest'

export interface BenchJob {
  /** The Job is `<name>:v1`, its Deployment `<name>`. */
  name: string
  host: string
  /** The host port `http` publishes; a dynamic one when left out. */
  port?: number
  stopTimeoutSeconds: number
  /** Registers `<name>/http` with this grace period (Helios refuses one with a static port: the next container could not bind it). */
  gracePeriod?: number
}

/** A Job `<name>:v1` publishing port 80 as `http`, and a Deployment `<name>` placing it on `host`. */
export const benchManifest = (job: BenchJob): string => {
  const external = job.port === undefined ? '' : `, externalPort: ${job.port}`
  const registered =
    job.gracePeriod === undefined
      ? ''
      : `  registration: {"${job.name}/http": {ports: {http: {}}}}\n  gracePeriod: ${job.gracePeriod}\n`
  return `apiVersion: helios/v1
kind: Job
metadata: {name: "${job.name}:v1"}
spec:
  image: ${IMAGE}
  ports: {http: {internalPort: 80${external}}}
${registered}  secondsToWaitBeforeKill: ${job.stopTimeoutSeconds}
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: ${job.name}}
spec: {job: "${job.name}:v1", hosts: [${job.host}]}
`
}
