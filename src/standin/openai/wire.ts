// JSON on the wire the way vLLM's OpenAI server writes it (FastAPI + pydantic):
// - errors: `{"error": {"message", "type", "param", "code"}}` with the HTTP status, from
//   vllm/entrypoints/openai/serving_engine.py (create_error_response → ErrorResponse(error=ErrorInfo(…)),
//   vLLM main as of 2025-10, file version 003fe593 of serving_chat.py's tree); the same object is the
//   `data:` of a mid-stream error (create_streaming_error_response), followed by `data: [DONE]`.
// - unknown paths: FastAPI's `{"detail": "Not Found"}` 404; a known path with another method:
//   `{"detail": "Method Not Allowed"}` 405.
// - with `--api-key`, a request without the right bearer token: 401 `{"error": "Unauthorized"}`
//   (vllm/entrypoints/openai/api_server.py, AuthenticationMiddleware).
import type { ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json';

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** vLLM's error type names by status (HTTPStatus → err_type in serving_engine.py). */
export function errorType(status: number): string {
  if (status === 404) return 'NotFoundError';
  if (status === 400 || status === 422) return 'BadRequestError';
  if (status === 429) return 'RateLimitError';
  if (status === 503) return 'ServiceUnavailableError';
  return 'InternalServerError';
}

export function errorBody(status: number, message: string, param: string | null = null): Record<string, unknown> {
  return { error: { message, type: errorType(status), param, code: status } };
}

export function sendOpenAIError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, errorBody(status, message), headers);
}
