/** @module Points in time as Helios prints them: `yyyy-MM-dd HH:mm:ss.SSS`, in UTC. */

/** `2024-05-01 12:00:00.123` for an ISO time; the input as is when it does not parse. */
export function utcTimestamp(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace('T', ' ').slice(0, 23)
}
