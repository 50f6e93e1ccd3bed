/** @module The Job + Deployment manifest benchmarks apply: one container of the test image on one host. */

export const IMAGE = 'helios-test/busybox:latest'

/** A Job `<name>:v1` publishing `port`, and a Deployment `<name>` placing it on `host`. */
export const benchManifest = (name: string, host: string, port: number, stopTimeoutSeconds: number): string =>
  `apiVersion: helios/v1
kind: Job
metadata: {name: "${name}:v1"}
spec:
  image: ${IMAGE}
  ports: {http: {internalPort: 80, externalPort: ${port}}}
  secondsToWaitBeforeKill: ${stopTimeoutSeconds}
---
apiVersion: helios/v1
kind: Deployment
metadata: {name: ${name}}
spec: {job: "${name}:v1", hosts: [${host}]}
`
