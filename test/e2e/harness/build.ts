// Builds what the end-to-end run loads: the extension bundles (scripts/build.mjs) and the mocha suite that
// runs inside the extension host, compiled to CommonJS in out/e2e/ with `vscode` and packages left external
// (the extension host provides `vscode`; mocha and friends load from the repository's node_modules).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export function buildExtension(repo: string): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('node scripts/build.mjs failed');
}

/** Compiles a suite's index.ts and every *.e2e.ts under it into outDir; returns the compiled index's path. */
export async function buildHostSuite(suiteDir: string, outDir: string): Promise<string> {
  const files = readdirSync(suiteDir, { recursive: true })
    .map(String)
    .filter((file) => file === 'index.ts' || file.endsWith('.e2e.ts'))
    .map((file) => join(suiteDir, file));
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: files,
    outbase: suiteDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  const index = join(outDir, 'index.js');
  if (!existsSync(index)) throw new Error(`${index} was not produced`);
  return index;
}
