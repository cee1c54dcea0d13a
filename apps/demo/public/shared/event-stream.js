/**
 * Server-sent events read with `fetch` (EventSource cannot send the admin token): each event's
 * type and parsed JSON data.
 */

/**
 * Read a stream of server-sent events to its end.
 * @param {ReadableStream<BufferSource>} body the response body
 * @param {(type: string, data: unknown) => void} onEvent called once per event with data
 */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
      const lines = buffered.slice(0, end).split("\n");
      buffered = buffered.slice(end + 2);
      const data = lines.find((line) => line.startsWith("data: "));
      if (!data) continue;
      const type = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length) ?? "message";
      onEvent(type, JSON.parse(data.slice("data: ".length)));
    }
  }
}
