/**
 * Decoding of S3 `aws-chunked` upload bodies.
 *
 * Default-configured AWS CLI v2 and SDK v3 clients upload with
 * `Content-Encoding: aws-chunked`: the payload is framed in chunks
 * (`<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n`), ends with a zero-size
 * chunk, and may carry checksum trailers (`x-amz-checksum-crc32:<b64>\r\n`).
 * s3rver does not understand the framing and would store it verbatim, so the
 * local S3 endpoint decodes it here first.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import * as zlib from 'node:zlib';

export class AwsChunkedDecodingError extends Error {
  /** S3 error code to answer with. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'AwsChunkedDecodingError';
    this.code = code;
  }
}

export interface DecodedAwsChunked {
  readonly body: Buffer;
  /** Trailer headers, lower-cased names (e.g. `x-amz-checksum-crc32`). */
  readonly trailers: Readonly<Record<string, string>>;
}

const CRLF = Buffer.from('\r\n');

/** Whether a request body uses the aws-chunked framing. */
export const isAwsChunked = (headers: IncomingHttpHeaders): boolean => {
  const sha = headerValue(headers, 'x-amz-content-sha256') ?? '';
  const encoding = headerValue(headers, 'content-encoding') ?? '';
  return (
    sha.startsWith('STREAMING-') ||
    encoding
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .includes('aws-chunked')
  );
};

/** Decodes a complete aws-chunked body. Throws AwsChunkedDecodingError on malformed framing. */
export const decodeAwsChunked = (raw: Buffer): DecodedAwsChunked => {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf(CRLF, offset);
    if (lineEnd < 0) throw malformed('a chunk header is not terminated by CRLF');
    const header = raw.subarray(offset, lineEnd).toString('latin1');
    const sizeText = header.split(';', 1)[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw malformed(`invalid chunk size "${header.slice(0, 40)}"`);
    const size = Number.parseInt(sizeText, 16);
    offset = lineEnd + CRLF.length;
    if (size === 0) break;
    if (offset + size > raw.length) throw malformed('a chunk is shorter than its declared size');
    parts.push(raw.subarray(offset, offset + size));
    offset += size;
    if (!raw.subarray(offset, offset + CRLF.length).equals(CRLF)) {
      throw malformed('a chunk is not followed by CRLF');
    }
    offset += CRLF.length;
  }
  const trailers: Record<string, string> = {};
  // Trailer section: `name:value\r\n` lines, ended by an empty line (or the end of the body).
  while (offset < raw.length) {
    const lineEnd = raw.indexOf(CRLF, offset);
    const line = raw.subarray(offset, lineEnd < 0 ? raw.length : lineEnd).toString('latin1');
    offset = lineEnd < 0 ? raw.length : lineEnd + CRLF.length;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`invalid trailer line "${line.slice(0, 40)}"`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
};

type ChecksumFunction = (body: Buffer) => string;

const toBase64Uint32 = (value: number): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
};

/** Checksums the local endpoint can verify. Others (crc32c, crc64nvme) are accepted unverified. */
const CHECKSUMS: Readonly<Record<string, ChecksumFunction>> = {
  'x-amz-checksum-sha256': (body) => createHash('sha256').update(body).digest('base64'),
  'x-amz-checksum-sha1': (body) => createHash('sha1').update(body).digest('base64'),
  ...(typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? {
        'x-amz-checksum-crc32': (body: Buffer) =>
          toBase64Uint32((zlib as unknown as { crc32: (data: Buffer) => number }).crc32(body)),
      }
    : {}),
};

/**
 * Checks the decoded body against `x-amz-decoded-content-length` and any
 * checksum it can compute (from trailers or headers). Throws on mismatch.
 */
export const verifyDecodedBody = (decoded: DecodedAwsChunked, headers: IncomingHttpHeaders): void => {
  const declared = headerValue(headers, 'x-amz-decoded-content-length');
  if (declared !== undefined && Number(declared) !== decoded.body.length) {
    throw new AwsChunkedDecodingError(
      'IncompleteBody',
      `The decoded body has ${decoded.body.length} bytes but x-amz-decoded-content-length says ${declared}.`,
    );
  }
  for (const [name, compute] of Object.entries(CHECKSUMS)) {
    const expected = decoded.trailers[name] ?? headerValue(headers, name);
    if (expected !== undefined && compute(decoded.body) !== expected) {
      throw new AwsChunkedDecodingError(
        'BadDigest',
        `The ${name.replace('x-amz-checksum-', '').toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
  }
};

/**
 * Headers to forward with the decoded body: the aws-chunked markers removed,
 * the real length set, and the checksum kept as a plain header.
 */
export const decodedRequestHeaders = (
  headers: IncomingHttpHeaders,
  decoded: DecodedAwsChunked,
): IncomingHttpHeaders => {
  const out: IncomingHttpHeaders = { ...headers };
  delete out['x-amz-decoded-content-length'];
  delete out['x-amz-trailer'];
  delete out['transfer-encoding'];
  out['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  out['content-length'] = String(decoded.body.length);
  const encoding = (headerValue(headers, 'content-encoding') ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '' && token.toLowerCase() !== 'aws-chunked');
  if (encoding.length > 0) out['content-encoding'] = encoding.join(', ');
  else delete out['content-encoding'];
  return out;
};

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const malformed = (detail: string): AwsChunkedDecodingError =>
  new AwsChunkedDecodingError(
    'InvalidRequest',
    `The local S3 endpoint could not decode this aws-chunked upload (${detail}). ` +
      'Set requestChecksumCalculation: "WHEN_REQUIRED" on the SDK client, or ' +
      'AWS_REQUEST_CHECKSUM_CALCULATION=when_required for the AWS CLI, and retry.',
  );
