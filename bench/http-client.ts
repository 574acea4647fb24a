// The load generator's HTTP/1.1 client: keep-alive connections over `node:net`, each request's bytes (request line,
// headers and body) written before the clock starts, answers read with a parser that finds only what the bench
// needs (status, Retry-After, where the body ends). The server under test shares this machine's two cores with
// its load generator, so what the client spends per request is taken from the server; `node:http`'s client (an
// Agent, a ClientRequest, an IncomingMessage and their streams per request) spent 200–680 µs of CPU per request
// at one client, about what the server spends on it. A load generator on a machine of its own (wrk, a fleet of
// browsers) costs the server nothing; this one costs it as little as a client can.
import { connect, type Socket } from 'node:net';

/** The bytes of one request, ready to write: the request line, its headers and its body. */
export function requestBytes(
  url: URL,
  method: string,
  headers: Readonly<Record<string, string | number>>,
  body: Buffer,
): Buffer {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

export interface Answer {
  /** The status code, or 0 when the connection failed (refused at accept, reset, closed before the answer ended). */
  status: number;
  retryAfter?: string;
}

const HEADERS_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/** A header's value in a response head (latin1 text, names compared without case), or undefined. */
function headerOf(head: string, name: string): string | undefined {
  const match = new RegExp(`\r\n${name}:[ \t]*([^\r]*)`, 'i').exec(head);
  return match?.[1]?.trim();
}

/** One kept-alive connection that carries one request at a time. */
export class Connection {
  readonly #socket: Socket;
  #received: Buffer[] = [];
  #receivedBytes = 0;
  #pending: ((answer: Answer) => void) | undefined;
  #closed = false;
  /** Whether the server asked to close after the last answer (`connection: close`). */
  #closing = false;

  constructor(port: number, host: string) {
    this.#socket = connect({ port, host, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const fail = () => {
      this.#closed = true;
      this.#settle({ status: 0 });
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', fail);
  }

  /** Whether another request may go on this connection. */
  get open(): boolean {
    return !this.#closed && !this.#closing;
  }

  /** Sends `bytes` (one whole request) and resolves with its answer; `written` is told when the socket took it. */
  send(bytes: Buffer, written?: (at: number) => void): Promise<Answer> {
    if (!this.open) return Promise.resolve({ status: 0 });
    return new Promise((resolve) => {
      this.#pending = resolve;
      this.#socket.write(bytes, written ? () => written(performance.now()) : undefined);
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #settle(answer: Answer) {
    const pending = this.#pending;
    this.#pending = undefined;
    this.#received = [];
    this.#receivedBytes = 0;
    pending?.(answer);
  }

  #onData(chunk: Buffer) {
    if (!this.#pending) return;
    this.#received.push(chunk);
    this.#receivedBytes += chunk.length;
    const all = this.#received.length === 1 ? chunk : Buffer.concat(this.#received, this.#receivedBytes);
    if (this.#received.length > 1) this.#received = [all];
    const headEnd = all.indexOf(HEADERS_END);
    if (headEnd < 0) return;
    const head = all.toString('latin1', 0, headEnd);
    const bodyStart = headEnd + HEADERS_END.length;
    const status = Number(head.slice(9, 12)) || 0;
    const length = headerOf(head, 'content-length');
    if (status === 204 || status === 304) {
      // no body, whatever the headers say
    } else if (length !== undefined) {
      if (all.length - bodyStart < Number(length)) return;
    } else if (/chunked/i.test(headerOf(head, 'transfer-encoding') ?? '')) {
      // The last chunk, "0\r\n\r\n": right after the head for an empty body, else after the previous chunk's CRLF.
      const body = all.length - bodyStart;
      const ended =
        body === LAST_CHUNK.length
          ? all.subarray(bodyStart).equals(LAST_CHUNK)
          : body > LAST_CHUNK.length && all.subarray(all.length - CHUNKED_END.length).equals(CHUNKED_END);
      if (!ended) return;
    } else {
      return; // a body delimited by the connection's close: answered when it closes, as status 0 (not sent here)
    }
    if (/close/i.test(headerOf(head, 'connection') ?? '')) this.#closing = true;
    const retryAfter = headerOf(head, 'retry-after');
    this.#settle({ status, ...(retryAfter ? { retryAfter } : {}) });
  }
}

/**
 * Connections to one server, at most `limit` open: a request takes an idle one, or opens one while fewer are
 * open, or waits its turn for the next to come free (as node:http's Agent with `maxSockets` does).
 */
export class ConnectionPool {
  readonly #idle: Connection[] = [];
  readonly #waiting: Array<(connection: Connection) => void> = [];
  #open = 0;

  constructor(
    readonly url: URL,
    readonly limit: number,
  ) {}

  async send(bytes: Buffer, written?: (at: number) => void): Promise<Answer> {
    const connection = await this.#take();
    const answer = await connection.send(bytes, written);
    this.#give(connection);
    return answer;
  }

  close(): void {
    for (const connection of this.#idle.splice(0)) connection.close();
  }

  #take(): Promise<Connection> {
    for (let connection = this.#idle.pop(); connection; connection = this.#idle.pop()) {
      if (connection.open) return Promise.resolve(connection);
      this.#open--;
    }
    if (this.#open < this.limit) {
      this.#open++;
      return Promise.resolve(new Connection(Number(this.url.port), this.url.hostname));
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #give(connection: Connection) {
    if (!connection.open) {
      connection.close();
      this.#open--;
      const next = this.#waiting.shift();
      if (next) {
        this.#open++;
        next(new Connection(Number(this.url.port), this.url.hostname));
      }
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(connection);
    else this.#idle.push(connection);
  }
}
