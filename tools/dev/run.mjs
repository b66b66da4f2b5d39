// The dev image's process (Dockerfile, stage dev): runs one app and restarts it when its compiled
// code changes, which is how Tilt's live update lands (tsc in the pod rewrites dist/). Unlike
// `node --watch`, it ends when the app ends on its own: a crashed app then ends its container at
// once, Kubernetes restarts it and Tilt, seeing a live-updated container restart, rebuilds the
// image, instead of a container that stays up with no app in it until a file changes.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';

const [entry, ...watched] = process.argv.slice(2);
if (!entry) throw new Error('usage: node tools/dev/run.mjs <entry.js> <folder to watch>...');
let app;
let restarting = false;
let debounce;

function start() {
  app = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit' });
  app.on('exit', (code, signal) => {
    if (restarting) {
      restarting = false;
      return start();
    }
    console.error(`[dev] the app ended (${signal ?? `exit code ${code}`}): ending the container`);
    process.exit(code ?? 1);
  });
}

// tsc writes many files per build: one restart once they have settled.
for (const folder of watched) {
  watch(folder, { recursive: true }, () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      restarting = true;
      app.kill('SIGTERM');
    }, 300);
  });
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    clearTimeout(debounce);
    restarting = false;
    app.kill(signal);
  });
}
start();
