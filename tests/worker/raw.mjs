/**
 * Raw HTTP/1.1 over a TCP socket, for the requests `fetch` cannot send: a broken chunked
 * encoding, a body that stalls half-way. Loopback only, and every wait is bounded.
 */

import { connect } from "node:net";

/**
 * Sends `head` (the request line and headers, without the blank line), then each of `parts`
 * (strings written `gapMs` apart), and reads until the server closes the connection or its
 * answer is complete, or `timeoutMs` passes.
 * @param {string} url the server's base URL (`http://127.0.0.1:PORT`)
 * @param {{ head: string, parts?: string[], gapMs?: number, timeoutMs?: number }} request
 * @returns {Promise<{ status: number | null, text: string, elapsedMs: number }>} the status
 *   (null when nothing came back in time) and the answer's body
 */
export function rawRequest(url, { head, parts = [], gapMs = 0, timeoutMs = 10_000 }) {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = "";
    let finished = false;
    const timers = [];
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      const split = received.indexOf("\r\n\r\n");
      resolve({
        status: match ? Number(match[1]) : null,
        text: split === -1 ? "" : received.slice(split + 4),
        elapsedMs: Date.now() - started,
      });
    };
    socket.setEncoding("utf8");
    socket.on("data", (data) => {
      received += data;
      if (complete(received)) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => {
      socket.write(`${head}\r\n\r\n`);
      parts.forEach((part, i) => {
        timers.push(setTimeout(() => finished || socket.write(part), gapMs * (i + 1)));
      });
    });
    timers.push(setTimeout(finish, timeoutMs));
  });
}

/** Whether `received` holds a whole answer with a Content-Length. */
function complete(received) {
  const split = received.indexOf("\r\n\r\n");
  if (split === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, split));
  return length !== null && Buffer.byteLength(received.slice(split + 4)) >= Number(length[1]);
}
