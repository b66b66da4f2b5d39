// Reads `kubectl get pvc -A -o json` on stdin and prints, as a JSON List, a PersistentVolume bound
// to each pending claim, with the claim's size and access modes, under the folder given: what
// kind's local-path provisioner would create (check-tilt.sh).
import { readFileSync } from 'node:fs';

const [folder] = process.argv.slice(2);
const claims = JSON.parse(readFileSync(0, 'utf8')).items.filter((claim) => claim.status.phase === 'Pending');
const items = claims.map(({ metadata, spec }) => {
  const name = `pvc-${metadata.uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: spec.resources.requests.storage },
      accessModes: spec.accessModes,
      storageClassName: spec.storageClassName ?? '',
      persistentVolumeReclaimPolicy: 'Delete',
      hostPath: { path: `${folder}/${name}`, type: 'DirectoryOrCreate' },
      claimRef: { namespace: metadata.namespace, name: metadata.name, uid: metadata.uid },
    },
  };
});
console.log(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
