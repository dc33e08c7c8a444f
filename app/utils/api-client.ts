/** The server refused a request; `message` is its Vietnamese `detail` (RFC 9457 problem). */
export class ApiRefusal extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Calls the app's own JSON API from the browser with the session cookie; a problem response throws ApiRefusal. */
export async function callApi<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { "Content-Type": "application/json", ...init?.headers },
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => ({}))) as { detail?: string };
  if (!response.ok) throw new ApiRefusal(body.detail ?? `HTTP ${response.status}`, response.status);
  return body as T;
}
