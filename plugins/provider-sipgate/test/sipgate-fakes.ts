/** An XML-RPC answer as sipgate gives it for samurai.SessionInitiate. */
export function xmlRpcSuccess(sessionId: string): { headers: Record<string, string>; body: string } {
  return {
    headers: { "content-type": "text/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>
<methodResponse>
  <params>
    <param>
      <value>
        <struct>
          <member><name>SessionID</name><value><string>${sessionId}</string></value></member>
          <member><name>StatusCode</name><value><i4>200</i4></value></member>
          <member><name>StatusString</name><value><string>Method success</string></value></member>
        </struct>
      </value>
    </param>
  </params>
</methodResponse>
`,
  };
}

/** An XML-RPC fault answer. */
export function xmlRpcFault(
  code: number,
  message: string,
): { headers: Record<string, string>; body: string } {
  return {
    headers: { "content-type": "text/xml" },
    body: `<?xml version="1.0"?>
<methodResponse>
  <fault>
    <value>
      <struct>
        <member><name>faultCode</name><value><int>${code}</int></value></member>
        <member><name>faultString</name><value><string>${message}</string></value></member>
      </struct>
    </value>
  </fault>
</methodResponse>`,
  };
}

/** Settle a promise expected to reject, with what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

/** Poll until `test` holds (or throw after `timeoutMs`). */
export async function eventually(test: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
