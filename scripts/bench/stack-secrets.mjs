// The local stack's secrets (data/secrets.json, written on its first start): the operator's login
// for catalogue changes and payment records, and each app's tokens for the direct baseline.
import { readStackSecrets } from '../../tools/stack/dist/secrets.js';

export function stackSecrets() {
  const secrets = readStackSecrets();
  if (!secrets) throw new Error('no data/secrets.json: start the stack first (npm run up)');
  return secrets;
}

/** `Authorization: Bearer <operator token>`: OPERATOR_TOKEN when set (a cluster's), else the local stack's. */
export const operatorHeaders = () => ({ authorization: `Bearer ${process.env.OPERATOR_TOKEN ?? stackSecrets().operatorToken}` });
