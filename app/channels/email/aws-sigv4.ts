// AWS Signature Version 4 for one request (what the AWS SDK does, without the SDK): a canonical
// request, the string to sign, a key derived from the secret, date, region and service.
import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const sha256 = (data: string) =>
  createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();
// RFC 3986 unreserved characters stay; everything else is percent-encoded, as AWS requires.
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** The request's headers with x-amz-date and Authorization added (and the session token, if any). */
export function signAwsV4(
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  },
  scope: { region: string; service: string },
  credentials: AwsCredentials,
  now = new Date(),
): Record<string, string> {
  const url = new URL(request.url);
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: url.host,
    "x-amz-date": amzDate,
  };
  if (credentials.sessionToken)
    headers["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const value = (name: string) =>
    Object.entries(headers)
      .find(([n]) => n.toLowerCase() === name)![1]
      .trim()
      .replace(/\s+/g, " ");
  const canonicalQuery = [...url.searchParams]
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [
    request.method,
    url.pathname
      .split("/")
      .map((segment) => encode(decodeURIComponent(segment)))
      .join("/") || "/",
    canonicalQuery,
    names.map((n) => `${n}:${value(n)}\n`).join(""),
    names.join(";"),
    sha256(request.body),
  ].join("\n");
  const credentialScope = `${date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    credentialScope,
    sha256(canonicalRequest),
  ].join("\n");
  const key = [date, scope.region, scope.service, "aws4_request"].reduce<
    Buffer | string
  >((k, part) => hmac(k, part), `AWS4${credentials.secretAccessKey}`);
  const signature = createHmac("sha256", key)
    .update(stringToSign, "utf8")
    .digest("hex");
  return {
    ...headers,
    Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}
