// The process surface the CLI commands use, passed in so tests can run a command without a real terminal.
export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  onInterrupt(handler: () => void): void;
  offInterrupt(handler: () => void): void;
  /** Where `ponder solve` looks for Ollama when no --host is given: OLLAMA_HOST, else Ollama's own address. */
  defaultOllamaHost?: string;
  /** Environment variables (the API key of --backend openai); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt: (handler) => process.on('SIGINT', handler),
    offInterrupt: (handler) => process.off('SIGINT', handler),
    // Ollama's own command line reads the server's address from OLLAMA_HOST; so does Ponder's, as its default.
    ...(process.env.OLLAMA_HOST ? { defaultOllamaHost: process.env.OLLAMA_HOST } : {}),
  };
}
