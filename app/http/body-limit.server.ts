// Request bodies are read with a cap: a body over it is refused with 413 before it is buffered
// whole, whether or not it declares its length.
export class BodyTooLarge extends Response {
  constructor(limit: number) {
    super(`Body over ${limit} bytes`, {
      status: 413,
      headers: { "Content-Type": "text/plain" },
    });
  }
}

/**
 * The request with its body read (at most `limit` bytes), for code that reads it again, and only
 * the headers `keep` accepts, if given. Throws a 413 response.
 */
export async function withBodyLimit(
  request: Request,
  limit: number,
  keep?: (header: string) => boolean,
): Promise<Request> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw new BodyTooLarge(limit);
  const headers = keep
    ? new Headers([...request.headers].filter(([name]) => keep(name)))
    : request.headers;
  if (!request.body)
    return new Request(request.url, { method: request.method, headers });
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return new Request(request.url, {
    method: request.method,
    headers,
    body: Buffer.concat(chunks),
  });
}
