// `ponder standin`: run the Ollama stand-in from a terminal, so Ponder (or any Ollama client) can be tried
// without Ollama. Prints the URL, serves until SIGINT/SIGTERM (or `until` aborts), then closes cleanly.
import type { FaultKind, FaultSpec } from './faults';
import { FAULT_KINDS } from './faults';
import { DEFAULT_VERSION } from './options';
import type { StandinOptions } from './options';
import { startStandin } from './server';

export const STANDIN_USAGE = `Usage: ponder standin [options]

An HTTP server that speaks Ollama's API (or, with --dialect openai, vLLM's OpenAI-compatible one),
backed by Ponder's simulated reasoner.

Options:
  --port <n>                 port to listen on (default 11434, Ollama's; 0 = any free port)
  --parallel <n>             generations at once per model, like OLLAMA_NUM_PARALLEL (default 4)
  --max-queue <n>            requests waiting for a model load before 503, like OLLAMA_MAX_QUEUE (default 512)
  --latency-ms <ms>          time per generated token (default 15)
  --prompt-latency-ms <ms>   time per evaluated prompt token (default 0)
  --load-latency-ms <ms>     time to load a model (default 0)
  --version <v>              version to report and imitate (default ${DEFAULT_VERSION}; below 0.30: the Go runner)
  --dialect <d>              ollama (default) or openai: vLLM's OpenAI-compatible API (/v1/models,
                             /v1/chat/completions, /pooling with a simulated Qwen/Qwen2.5-Math-PRM-7B)
  --api-key-env <NAME>       openai dialect: require the API key held in environment variable NAME
  --no-logprobs              openai dialect: accept logprobs but return none, as LM Studio does
  --no-cache                 no prompt prefix reuse between requests
  --multiuser-cache          fork cached prefixes between slots, like OLLAMA_MULTIUSER_CACHE=1 (before 0.30)
  --fault <spec>             inject a fault (repeatable): <kind>[,model=<name>][,times=<n>][,after=<chunks>]
                             [,message=<text>][,paths=/api/generate|/api/chat]
                             kinds: ${FAULT_KINDS.join(', ')}
  -h, --help                 show this help`;

export interface StandinCliIo {
  readonly stdout?: (line: string) => void;
  readonly stderr?: (line: string) => void;
  /** Stops the server when aborted (default: SIGINT or SIGTERM). */
  readonly until?: AbortSignal;
}

type Parsed = { kind: 'run'; options: StandinOptions } | { kind: 'help' } | { kind: 'error'; message: string };

function parseNumber(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number ≥ 0`);
  return n;
}

/** `<kind>[,model=…][,times=…][,after=…][,message=…][,paths=a|b]` */
export function parseFaultSpec(text: string): FaultSpec {
  const [kind, ...pairs] = text.split(',');
  if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`unknown fault "${kind}" (one of: ${FAULT_KINDS.join(', ')})`);
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { kind: kind as FaultKind };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (key === 'model') spec.model = value;
    else if (key === 'times') spec.times = parseNumber('times', value);
    else if (key === 'after') spec.afterChunks = parseNumber('after', value);
    else if (key === 'message') spec.message = value;
    else if (key === 'paths') spec.paths = value.split('|');
    else throw new Error(`unknown fault setting "${key}"`);
  }
  return spec;
}

export function parseStandinArgs(argv: readonly string[]): Parsed {
  const options: { -readonly [K in keyof StandinOptions]: StandinOptions[K] } = {
    port: 11434,
    parallel: 4,
    tokenLatencyMs: 15,
    pullBytesPerSecond: 200e6,
  };
  const faults: FaultSpec[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = (): string | undefined => inline ?? argv[++i];
      switch (flag) {
        case '-h':
        case '--help':
          return { kind: 'help' };
        case '--port':
          options.port = parseNumber(flag, value());
          if (!Number.isInteger(options.port) || options.port > 65535) throw new Error(`${flag} needs a whole number from 0 to 65535`);
          break;
        case '--parallel':
          options.parallel = Math.max(1, Math.floor(parseNumber(flag, value())));
          break;
        case '--max-queue':
          options.maxQueue = Math.floor(parseNumber(flag, value()));
          break;
        case '--latency-ms':
          options.tokenLatencyMs = parseNumber(flag, value());
          break;
        case '--prompt-latency-ms':
          options.promptEvalLatencyMs = parseNumber(flag, value());
          break;
        case '--load-latency-ms':
          options.loadLatencyMs = parseNumber(flag, value());
          break;
        case '--version': {
          const version = value();
          if (!version || !/^v?\d+(\.\d+)*/.test(version)) throw new Error('--version needs a version like 0.12.11');
          options.version = version.replace(/^v/, '');
          break;
        }
        case '--dialect': {
          const dialect = value();
          if (dialect !== 'ollama' && dialect !== 'openai') throw new Error('--dialect must be ollama or openai');
          options.dialect = dialect;
          break;
        }
        case '--api-key-env': {
          const name = value();
          const key = name ? process.env[name] : undefined;
          if (!key) throw new Error(`--api-key-env: the environment variable ${name ?? ''} is not set`);
          options.apiKey = key;
          break;
        }
        case '--no-cache':
          options.cache = false;
          break;
        case '--no-logprobs':
          options.logprobs = false;
          break;
        case '--multiuser-cache':
          options.multiUserCache = true;
          break;
        case '--fault': {
          const spec = value();
          if (!spec) throw new Error('--fault needs a fault kind');
          faults.push(parseFaultSpec(spec));
          break;
        }
        default:
          throw new Error(`unknown option "${arg}"`);
      }
    }
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  return { kind: 'run', options: { ...options, faults } };
}

function processSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}

/** Runs the stand-in until stopped; resolves with the exit code. */
export async function runStandinCli(argv: readonly string[], io: StandinCliIo = {}): Promise<number> {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  const parsed = parseStandinArgs(argv);
  if (parsed.kind === 'help') {
    out(STANDIN_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    err(`ponder standin: ${parsed.message}\n\n${STANDIN_USAGE}`);
    return 2;
  }
  let standin;
  try {
    standin = await startStandin(parsed.options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' (is Ollama running? try --port 0 or another port)' : '';
    err(`ponder standin: cannot listen: ${error instanceof Error ? error.message : String(error)}${hint}`);
    return 1;
  }
  if (parsed.options.dialect === 'openai') {
    out(`OpenAI-compatible stand-in (vLLM's API, simulated reasoner) listening on ${standin.url}`);
    out(`Use it as --backend openai --base-url ${standin.url}/v1. Press Ctrl+C to stop.`);
  } else {
    out(`Ollama stand-in (simulated reasoner, reports version ${parsed.options.version ?? DEFAULT_VERSION}) listening on ${standin.url}`);
    out(`Use it as OLLAMA_HOST=${standin.url}. Press Ctrl+C to stop.`);
  }
  const until = io.until ?? processSignals();
  await new Promise<void>((resolve) => {
    if (until.aborted) resolve();
    else until.addEventListener('abort', () => resolve(), { once: true });
  });
  await standin.close();
  const stats = standin.stats();
  out(`Stopped after ${stats.totalRequests} requests (${stats.generationsCompleted} generations, ${stats.tokensGenerated} tokens).`);
  return 0;
}
