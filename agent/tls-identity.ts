/** @module `--tls-cert` and `--tls-key` of the log endpoint (pure): the PEM pair checked, and the certificate's SHA-256 that Host status reports. */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto'

/** What the endpoint serves with: PEM texts, and the SHA-256 of the (first) certificate's DER, lowercase hex. */
export interface TlsIdentity {
  cert: string
  key: string
  certificateSha256: string
}

/** Both flags or neither; an error message otherwise. */
export function tlsFlagsProblem(certFile: string | undefined, keyFile: string | undefined): string | undefined {
  if ((certFile === undefined) === (keyFile === undefined)) return undefined
  return certFile === undefined
    ? '--tls-key needs --tls-cert (the certificate the log endpoint serves)'
    : '--tls-cert needs --tls-key (the private key of that certificate)'
}

/** Parses the pair and checks that the key is the certificate's; an error message otherwise. */
export function parseTlsIdentity(
  cert: string,
  key: string,
  names = { cert: '--tls-cert', key: '--tls-key' },
): TlsIdentity | string {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch (err) {
    return `${names.cert}: not a PEM certificate (${(err as Error).message})`
  }
  let matches: boolean
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key))
  } catch (err) {
    return `${names.key}: not a PEM private key (${(err as Error).message})`
  }
  if (!matches) return `${names.key} is not the private key of the certificate in ${names.cert}`
  return { cert, key, certificateSha256: certificateSha256(x509) }
}

/** The pin: SHA-256 of the certificate's DER encoding, as `openssl x509 -fingerprint -sha256` prints it (lowercase, no colons). */
export const certificateSha256 = (x509: X509Certificate): string => createHash('sha256').update(x509.raw).digest('hex')
