/** @module Helios' JobDeployResponse as `deploy` prints it: `host: done`, `host: failed: JobDeployResponse{…}`, or JSON. */
import type { DeployRefusal } from '../../apis/index.js'

/** `{"host":…,"job":…,"status":…}`, keys sorted as Helios' Json did. */
export const deployJson = (host: string, job: string, status: string): string => JSON.stringify({ host, job, status })

/** `web1: done` or Helios' `web1: failed: JobDeployResponse{status=HOST_NOT_FOUND, job=…, host='web1'}`. */
export function deployLine(host: string, job: string, refusal: DeployRefusal | undefined): string {
  if (!refusal) return `${host}: done`
  return `${host}: failed: JobDeployResponse{status=${refusal.status}, job=${job}, host='${host}'}`
}
