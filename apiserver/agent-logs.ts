/** @module Opening a Task's log stream at its host's agent (node:http over agent-dial.ts); the agent's failures become ApiErrors here, where they enter. */
import { type IncomingMessage, request } from 'node:http'
import { ApiError, type StatusBody } from '../apis/index.js'
import { dialAgent } from './agent-dial.js'

export interface AgentLogRequest {
  /** The Host, for messages. */
  host: string
  /** `host:port` from the Host's status.agentAddress. */
  address: string
  /** The Host's status.agentCertificateSha256: TLS pinned to it (see agent-dial.ts). */
  certificateSha256?: string
  task: string
  /** `?follow=1…` as logQueryString writes it. */
  query: string
  /** Tried in order until the agent does not answer 401 (a token file may hold several for one agent). */
  tokens: readonly string[]
  /** Aborting (the client went away) ends the request to the agent. */
  signal: AbortSignal
  /** Said in the message when the agent cannot be reached, e.g. `host is DOWN since …`. */
  note?: string
  /** How long the agent may take to answer (the stream itself may then stay quiet for hours). */
  answerTimeoutMs?: number
}

/** The agent's 200 response, streaming; any other outcome is thrown as an ApiError naming the host and address. */
export async function openAgentLog(r: AgentLogRequest): Promise<IncomingMessage> {
  const where = `the agent of host "${r.host}" at ${r.address}`
  const candidates: Array<string | undefined> = r.tokens.length > 0 ? [...r.tokens] : [undefined]
  for (const [i, token] of candidates.entries()) {
    const res = await send(r, token).catch((err: unknown) => {
      if (r.signal.aborted || err instanceof ApiError) throw err
      const why = (err as { code?: string }).code ?? (err as Error).message
      throw new ApiError('Unavailable', `cannot reach ${where} (${why})${r.note ? `; ${r.note}` : ''}`, { cause: err })
    })
    if (res.statusCode === 200) return res
    const status = await readStatus(res)
    if (res.statusCode === 401 && i < candidates.length - 1) continue
    throw agentRefusal(where, r.host, res.statusCode ?? 500, status)
  }
  throw new ApiError('Internal', `no request was sent to ${where}`)
}

async function send(r: AgentLogRequest, token: string | undefined): Promise<IncomingMessage> {
  const timeoutMs = r.answerTimeoutMs ?? 10_000
  const socket = await dialAgent({ ...r, credential: Boolean(token), timeoutMs })
  const path = `/tasks/${encodeURIComponent(r.task)}/log${r.query}`
  const headers = { host: r.address, ...(token ? { authorization: `Bearer ${token}` } : {}) }
  return new Promise((resolve, reject) => {
    // The socket is the one dialAgent checked: no agent, no second connection, no second lookup.
    const req = request({ method: 'GET', path, headers, signal: r.signal, createConnection: () => socket }, (res) => {
      clearTimeout(timer)
      resolve(res)
    })
    req.end()
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('no answer'), { code: 'timed out' })), timeoutMs)
    req.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
}

/** An agent's error body; what goes beyond a Status' size is not read (the socket is closed instead). */
async function readStatus(res: IncomingMessage): Promise<Partial<StatusBody>> {
  let text = ''
  for await (const chunk of res) {
    text += chunk
    if (text.length > 64 * 1024) {
      res.destroy()
      break
    }
  }
  try {
    return JSON.parse(text) as Partial<StatusBody>
  } catch {
    return { message: text.trim().slice(0, 200) || `HTTP ${res.statusCode}` }
  }
}

function agentRefusal(where: string, host: string, code: number, status: Partial<StatusBody>): ApiError {
  const message = status.message ?? `HTTP ${code}`
  if (code === 404) return new ApiError('NotFound', message)
  if (code === 400) return new ApiError('BadRequest', message)
  if (code === 409) return new ApiError('Conflict', message)
  if (code === 401 || code === 403)
    return new ApiError(
      'Unavailable',
      `${where} refused the apiserver (${code}): it accepts the token of the --token-file entry with role agent and user "${host}"`,
    )
  return new ApiError('Unavailable', `${where} could not serve the logs: ${message}`)
}
