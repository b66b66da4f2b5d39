// Checks the resource graph Tilt builds from the Tiltfile (`tilt alpha tiltfile-result` JSON) for
// what only a real `tilt up` would otherwise reveal: apply order against the Dapr CRDs, host-side
// build steps, and live updates that could never fire.
// Usage: node check-tiltfile-result.mjs <tiltfile.json> <repo root>
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [resultPath, root] = process.argv.slice(2);
const result = JSON.parse(readFileSync(resultPath, 'utf8'));
const failures = [];
const fail = (finding, message) => failures.push(`${finding}: ${message}`);

if (result.Error) fail('Tiltfile', String(result.Error));
const manifests = new Map(result.Manifests.map((m) => [m.Name, m]));
const objectsOf = (m) =>
  m.DeployTarget?.yaml
    ? parseAllDocuments(m.DeployTarget.yaml)
        .map((d) => d.toJS())
        .filter(Boolean)
    : [];
const dependsOn = (name, target, seen = new Set()) => {
  if (seen.has(name)) return false;
  seen.add(name);
  const deps = manifests.get(name)?.ResourceDependencies ?? [];
  return deps.includes(target) || deps.some((d) => dependsOn(d, target, seen));
};

const APPS = ['order', 'orchestrator', 'inventory', 'payment'];
for (const name of [...APPS, 'dapr', 'dapr-dashboard', 'kafka', 'redis']) {
  if (!manifests.has(name)) fail('Tiltfile', `no resource named ${name}`);
}

// Finding 1: every dapr.io object must be applied by a resource that waits for the Dapr chart
// (its CRDs); `uncategorized` and any resource not depending on `dapr` go first.
const daprHolders = new Set();
for (const m of result.Manifests) {
  const dapr = objectsOf(m).filter((o) => String(o.apiVersion).startsWith('dapr.io/'));
  if (!dapr.length) continue;
  const list = dapr.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
  if (m.Name === 'uncategorized') {
    fail(
      'finding 1',
      `Tilt puts ${dapr.length} dapr.io objects in "uncategorized", which it applies before the dapr chart installs their CRDs (${list}): claim them with k8s_resource(new_name=..., objects=[...], resource_deps=['dapr'])`,
    );
  } else if (!dependsOn(m.Name, 'dapr')) {
    fail('finding 1', `resource "${m.Name}" applies dapr.io objects (${list}) but does not depend on 'dapr' (resource_deps=['dapr'])`);
  } else daprHolders.add(m.Name);
}
if (!daprHolders.size && !failures.some((f) => f.startsWith('finding 1'))) {
  fail('finding 1', 'no Tilt resource applies the dapr.io objects of the chart');
}
for (const app of APPS) {
  for (const holder of daprHolders) {
    if (manifests.has(app) && !dependsOn(app, holder)) {
      fail('finding 1', `app "${app}" does not depend on "${holder}", so its sidecar can start before its Configuration and Components exist`);
    }
  }
}

// Finding 2: nothing is built on the host; the images compile the sources themselves.
for (const m of result.Manifests) {
  const cmd = (m.DeployTarget?.UpdateCmdSpec?.args ?? []).join(' ');
  if (/\b(npm|npx|tsc|node)\b/.test(cmd)) {
    fail(
      'finding 2',
      `local resource "${m.Name}" runs \`${cmd}\` on the host: Node is not a prerequisite of \`tilt up\`, and its output never reaches the cluster`,
    );
  }
}

// Finding 5: a .ts edit is synced and compiled in the container, in a writable, uid-1000 tree.
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const stageText = (stage) => {
  const parts = dockerfile.split(/^FROM /m);
  const found = parts.find((p) => new RegExp(`\\bAS\\s+${stage}\\s*$`, 'im').test(p.split('\n')[0]));
  return found ?? '';
};
// Docker's ignore semantics: a pattern also excludes everything under a matching directory; the
// last matching pattern wins, `!` re-includes.
const globToRegex = (p) =>
  new RegExp(
    '^' +
      p
        .replace(/^\/+/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .split(/\*\*\/?/)
        .map((part) => part.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
        .join('(.*/)?') +
      '(/.*)?$',
  );
const ignoredBy = (ignores, absPath) =>
  ignores.some(({ basePath, patterns }) => {
    if (!absPath.startsWith(basePath)) return false;
    const rel = absPath.slice(basePath.length).replace(/^\/+/, '');
    if (!patterns?.length) return true;
    let excluded = false;
    for (const raw of patterns) {
      const negate = raw.startsWith('!');
      const pattern = negate ? raw.slice(1) : raw;
      const re = globToRegex(pattern);
      const matches = re.test(rel) || (pattern.startsWith('**/') && globToRegex(pattern.slice(3)).test(rel));
      if (matches) excluded = !negate;
    }
    return excluded;
  });
const firstFile = (dir) => {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isFile()) return p;
    const nested = firstFile(p);
    if (nested) return nested;
  }
  return undefined;
};

for (const app of APPS) {
  const image = manifests.get(app)?.ImageTargets?.[0];
  if (!image) {
    fail('finding 5', `app "${app}" has no image built by Tilt`);
    continue;
  }
  const spec = image.LiveUpdateSpec ?? {};
  const syncs = spec.syncs ?? [];
  const ignores = image.BuildDetails?.contextIgnores ?? [];
  // Tilt does not watch what the image context excludes: a sync from there never fires.
  for (const sync of syncs) {
    let sample;
    try {
      sample = firstFile(join(root, sync.localPath)) ?? join(root, sync.localPath, 'file');
    } catch {
      sample = join(root, sync.localPath, 'file');
    }
    if (ignoredBy(ignores, sample)) {
      fail(
        'finding 5',
        `${app}: live_update syncs ${sync.localPath}, which the image context excludes (.dockerignore or only/ignore): Tilt never sees its changes`,
      );
    }
  }
  const sources = [`apps/${app}/src`, 'packages/contracts/src', 'packages/service-kit/src'];
  for (const source of sources) {
    const sync = syncs.find((s) => source === s.localPath || source.startsWith(`${s.localPath}/`));
    if (!sync) {
      fail('finding 5', `${app}: no live_update sync covers ${source}, so editing it rebuilds the image`);
      continue;
    }
    const sample = firstFile(join(root, source));
    if (sample && ignoredBy(ignores, sample)) {
      fail(
        'finding 5',
        `${app}: ${sample.slice(root.length + 1)} is excluded from the image context (.dockerignore or only/ignore), so Tilt never sees its edits and live_update cannot sync ${sync.localPath}`,
      );
    }
    if (!(spec.execs ?? []).some((e) => (e.triggerPaths ?? []).some((t) => source.startsWith(t)))) {
      fail('finding 5', `${app}: no live_update run() recompiles after ${source} is synced`);
    }
  }
  for (const other of APPS.filter((a) => a !== app)) {
    const sample = firstFile(join(root, `apps/${other}/src`));
    if (sample && !ignoredBy(ignores, sample)) {
      fail('finding 5', `${app}: ${other}'s sources are in its image context, so editing ${other} rebuilds ${app}'s image`);
    }
  }
  const stage = image.BuildDetails?.target ?? '';
  const text = stageText(stage);
  if (!text) fail('finding 5', `${app}: the image target "${stage}" is not a stage of the Dockerfile`);
  else {
    if (!/^USER node\b/m.test(text) || !/chown -R node:node/.test(text)) {
      fail('finding 5', `${app}: the Dockerfile stage "${stage}" must run as node (uid 1000) and own the paths live update writes (chown -R node:node)`);
    }
    // tools/dev/run.mjs restarts the app when tsc rewrites what it loads, and ends the container with a crashed app.
    const run = /node tools\/dev\/run\.mjs (\S+)((?: \S+)+)"/.exec(text);
    const watched = run?.[2].trim().split(' ') ?? [];
    if (!run || !['apps/${APP}/dist', 'packages/contracts/dist', 'packages/service-kit/dist'].every((dir) => watched.includes(dir))) {
      fail('finding 5', `${app}: the Dockerfile stage "${stage}" does not run the app under tools/dev/run.mjs watching its and the packages' dist/`);
    }
  }
  for (const o of objectsOf(manifests.get(app))) {
    for (const c of o.spec?.template?.spec?.containers ?? []) {
      if (c.securityContext?.readOnlyRootFilesystem !== false) {
        fail(
          'finding 5',
          `${app}: container ${c.name} has a read-only root filesystem in dev, so live update cannot write to it (set containerSecurity.readOnlyRootFilesystem=false in the Tiltfile's helm() call)`,
        );
      }
    }
  }
}

// helm() watches the chart folder, but Tilt's watcher does not follow its components/ symlink.
if (!(result.ConfigFiles ?? []).includes(join(root, 'components'))) {
  fail('Tiltfile', 'components/ is not watched (watch_file): editing a Dapr component does not redeploy it');
}

// The Dockerfile: a missing APP is reported as such, before a COPY of apps/${APP} fails on it;
// the default base runs the Node major the tests run on.
for (const stage of dockerfile.split(/^FROM /m).slice(1)) {
  const lines = stage.split('\n');
  const firstUse = lines.findIndex((l) => /^COPY\b.*\$\{?APP\b/.test(l));
  const guard = lines.findIndex((l) => /test -n "\$APP"/.test(l));
  if (firstUse >= 0 && (guard < 0 || guard > firstUse)) {
    fail('Dockerfile', `stage "${lines[0].trim()}" copies ${lines[firstUse].trim().split(/\s+/)[1]} before checking that APP is set`);
  }
}
const nodeImage = /^ARG NODE_IMAGE=node:(\d+)/m.exec(dockerfile)?.[1];
if (!/^ARG NODE_IMAGE=node:[^@\s]+@sha256:[0-9a-f]{64}$/m.test(dockerfile)) {
  fail('Dockerfile', 'the default NODE_IMAGE is not pinned by digest (node:<tag>@sha256:<digest>): a tag moves with every Node and Debian patch');
}
const testNode = /"@types\/node":\s*"\^?(\d+)/.exec(readFileSync(join(root, 'package.json'), 'utf8'))?.[1];
if (nodeImage !== testNode) {
  fail('Dockerfile', `the image runs Node ${nodeImage ?? '?'} while the tests run on Node ${testNode ?? '?'} (package.json @types/node)`);
}

if (failures.length) {
  console.error(`Tiltfile resource graph (${resultPath}):\n  - ${failures.join('\n  - ')}`);
  process.exit(1);
}
console.log(`Tiltfile: dapr.io objects in ${[...daprHolders].join(', ')} after 'dapr'; four apps live-update from source`);
