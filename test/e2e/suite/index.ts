// The mocha suite that runs inside VS Code's extension host (code-server here, desktop VS Code under
// `npm run test:desktop`). The runner requires this compiled module and awaits run(); every compiled
// *.e2e.js file next to it is a test file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** mocha is an ES module with a CommonJS core; depending on how it was loaded the class is the default or the module. */
function mochaClass(): typeof Mocha {
  const loaded = Mocha as unknown as { default?: typeof Mocha };
  return typeof loaded.default === 'function' ? loaded.default : Mocha;
}

export function run(): Promise<void> {
  const MochaRunner = mochaClass();
  const mocha = new MochaRunner({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.e2e.js'))
    .sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.e2e.js files in ${__dirname}`));
      return;
    }
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve()));
  });
}
