/** @module Helios' per-host answers as deploy, undeploy, start and stop print them: `host: done`, `host: failed: …{…}`, or JSON. */
import type { DeployRefusal } from '../../apis/index.js'

/** Helios' response classes whose `toString()` the per-host `failed:` lines show. */
export type HostResponse = 'JobDeployResponse' | 'JobUndeployResponse' | 'SetGoalResponse'

/** `{"host":…,"job":…,"status":…}`, keys sorted as Helios' Json did. */
export const deployJson = (host: string, job: string, status: string): string => JSON.stringify({ host, job, status })

/** Helios' `web1: failed: JobDeployResponse{status=HOST_NOT_FOUND, job=…, host='web1'}`. */
export const failedLine = (response: HostResponse, status: string, job: string, host: string): string =>
  `${host}: failed: ${response}{status=${status}, job=${job}, host='${host}'}`

/** `web1: done` or the failed line of Helios' JobDeployResponse. */
export function deployLine(host: string, job: string, refusal: DeployRefusal | undefined): string {
  return refusal ? failedLine('JobDeployResponse', refusal.status, job, host) : `${host}: done`
}
