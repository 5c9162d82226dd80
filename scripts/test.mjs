// Runs the test suite with node's built-in runner, one invocation for every layer so that its closing
// summary counts the whole suite. `--layers core,protocol` narrows the run (default: every layer).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ALL_LAYERS = ['core', 'client', 'protocol', 'cli', 'cluster', 'e2e'];
const arg = process.argv.find((a) => a.startsWith('--layers'));
const layers = arg ? (arg.includes('=') ? arg.split('=')[1] : process.argv[process.argv.indexOf(arg) + 1]).split(',') : ALL_LAYERS;

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const files = layers.flatMap((layer) => testFiles(join('test', 'out', layer))).sort();
if (files.length === 0) {
  console.error(`no compiled tests found for layers ${layers.join(', ')}: run "tsc -b" first`);
  process.exit(2);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
