import type { IncomingMessage } from 'node:http';

/** What a SignatureDoesNotMatch answer echoes of a request: the signing material a leak would show. */
export interface SignatureEcho {
  accessKeyId: string;
  signature: string;
  stringToSign: string;
  canonicalRequest: string;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hexBytes = (s: string) => Array.from(Buffer.from(s), (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * The 403 body AWS S3 sends when a SigV4 signature does not match: besides the code and message
 * it echoes the access key id, the string to sign it computed (also as bytes), the signature the
 * request carried and the canonical request. Built from the request like S3 does, so a test can
 * check none of it reaches what dl prints. `inMessage`: like some S3-compatible servers, repeat
 * the string to sign and the signature in the human-readable message too.
 */
export function signatureMismatch(req: IncomingMessage, inMessage = false): { body: string; echo: SignatureEcho } {
  const auth = String(req.headers.authorization ?? '');
  const credential = /Credential=([^,]+)/.exec(auth)?.[1] ?? '';
  const [accessKeyId = '', ...scope] = credential.split('/');
  const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? '';
  const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1] ?? '';
  const url = new URL(req.url ?? '/', 'http://x');
  const headers = signed
    .split(';')
    .map((h) => `${h}:${String(req.headers[h] ?? '').trim()}`)
    .join('\n');
  const payload = String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD');
  const canonicalRequest = `${req.method}\n${url.pathname}\n${url.searchParams.toString()}\n${headers}\n\n${signed}\n${payload}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${String(req.headers['x-amz-date'] ?? '')}\n${scope.join('/')}\n${payload}`;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>' +
    '<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.' +
    (inMessage ? xml(` StringToSign: '${stringToSign}', SignatureProvided: '${signature}'`) : '') +
    '</Message>' +
    `<AWSAccessKeyId>${xml(accessKeyId)}</AWSAccessKeyId><StringToSign>${xml(stringToSign)}</StringToSign>` +
    `<SignatureProvided>${signature}</SignatureProvided><StringToSignBytes>${hexBytes(stringToSign)}</StringToSignBytes>` +
    `<CanonicalRequest>${xml(canonicalRequest)}</CanonicalRequest><CanonicalRequestBytes>${hexBytes(canonicalRequest)}</CanonicalRequestBytes>` +
    '<RequestId>4442587FB7D0A2F9</RequestId><HostId>dGVzdA==</HostId></Error>';
  return { body, echo: { accessKeyId, signature, stringToSign, canonicalRequest } };
}
