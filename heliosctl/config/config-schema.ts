/** @module The heliosctl config file's schema (kubeconfig's role): named clusters and the current one. */
import { z } from 'zod'
import { splitServers } from '../../client/index.js'

// Client-side only: the apiserver never sees this file, so it is no part of the apis/ wire contract.

const ServerUrl = z.url({ protocol: /^https?$/ })

/** One apiserver URL, or several separated by commas (an HA pair behind no load balancer: heliosctl fails over). */
const ServerUrls = z
  .string()
  .refine(
    (text) => splitServers(text).length > 0 && splitServers(text).every((url) => ServerUrl.safeParse(url).success),
    { error: 'must be an http:// or https:// URL' },
  )

/** One cluster: where its apiserver(s) are and how to trust and authenticate to them. */
export const ClusterEntry = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting alphanumeric'),
  server: ServerUrls,
  /** Bearer token for an apiserver with --token-file. */
  token: z.string().min(1).optional(),
  /** Path of a PEM file of the CA(s) that signed an https:// server's certificate; relative to the config file. */
  certificateAuthority: z.string().min(1).optional(),
})
export type ClusterEntry = z.output<typeof ClusterEntry>

export const HeliosctlConfig = z
  .strictObject({
    apiVersion: z.literal('heliosctl/v1').default('heliosctl/v1'),
    currentCluster: z.string().min(1).optional(),
    clusters: z.array(ClusterEntry).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>()
    config.clusters.forEach((cluster, i) => {
      if (seen.has(cluster.name))
        ctx.addIssue({ code: 'custom', path: ['clusters', i, 'name'], message: `duplicate cluster "${cluster.name}"` })
      seen.add(cluster.name)
    })
  })
export type HeliosctlConfig = z.output<typeof HeliosctlConfig>

/** The configuration of a missing file. */
export const emptyConfig = (): HeliosctlConfig => ({ apiVersion: 'heliosctl/v1', clusters: [] })
