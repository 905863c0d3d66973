// Type-checks every boundary with its own tsconfig (each process gets only the libraries it really has),
// then the tests and benchmarks. esbuild does not type-check, so this runs beside the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const projects = [
  'src/protocol', 'src/shared', 'src/engine', 'src/cli', 'src/standin', 'src/server', 'src/extension', 'src/webview', '.',
].filter(
  (p) => existsSync(`${p}/tsconfig.json`) && (p === '.' || readdirSync(p, { recursive: true }).some((f) => String(f).endsWith('.ts'))),
);

let failed = false;
for (const project of projects) {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--noEmit'], {
    stdio: 'inherit',
  });
  const ok = result.status === 0;
  failed ||= !ok;
  console.log(`tsc ${project}: ${ok ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
}
process.exit(failed ? 1 : 0);
