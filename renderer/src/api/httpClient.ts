import { binaryMethods, requestValidators, type LobusApi, type LobusEvent, type MethodName, type RequestOf, type ResponseMap } from '../../../main/core/api/contract';
import { decodeEnvelope } from '../../../main/core/api/envelope';
import { encodeRequestBody } from './requestBody';

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // fall through to the status line
  }
  return `${response.status} ${response.statusText}`.trim();
}

async function call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseMap[M]> {
  const { type: contentType, body } = encodeRequestBody(method, request);
  const response = await fetch(`./api/${method}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': contentType },
    body,
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  const type = response.headers.get('Content-Type') ?? '';
  if (binaryMethods.has(method) && type.startsWith('application/octet-stream')) {
    return decodeEnvelope(await response.arrayBuffer()) as ResponseMap[M];
  }
  return (await response.json()) as ResponseMap[M];
}

/** One WebSocket shared by every listener; reconnects after a drop so job progress keeps flowing. */
function eventSource(): LobusApi['onEvent'] {
  const listeners = new Set<(event: LobusEvent) => void>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws`);
    socket.onmessage = (message) => {
      let event: LobusEvent;
      try {
        event = JSON.parse(String(message.data)) as LobusEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0 && retry === null) retry = setTimeout(() => ((retry = null), connect()), 1000);
    };
  };
  return (listener) => {
    listeners.add(listener);
    if (!socket && retry === null) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && socket) socket.close();
    };
  };
}

export function createHttpApi(): LobusApi {
  const methods = {} as Record<MethodName, (request: never) => Promise<unknown>>;
  for (const name of Object.keys(requestValidators) as MethodName[]) methods[name] = (request: never) => call(name, request);
  return { ...(methods as unknown as Omit<LobusApi, 'onEvent'>), onEvent: eventSource() };
}
