// Validates Kubernetes objects of the operators' kinds against the kubernetes-models
// packages (generated from the CRD schemas of each project).
//
//   node validate.mjs < objects.jsonl   (one JSON object per line)
//
// Prints one JSON line per object: {"kind", "name", "status": "valid" | "invalid" |
// "no-model", "error"?}. Exit code 0 even when some are invalid: the caller decides.
import { createInterface } from "node:readline";

const PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const obj = JSON.parse(line);
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const result = { kind: obj.kind, apiVersion: obj.apiVersion, name: obj.metadata?.name };
  const pkg = PACKAGES[group];
  if (!pkg) {
    console.log(JSON.stringify({ ...result, status: "no-model" }));
    continue;
  }
  let Model;
  try {
    Model = (await import(`${pkg}/${group}/${version}/${obj.kind}`))[obj.kind];
  } catch (err) {
    console.log(JSON.stringify({ ...result, status: "no-model", error: String(err) }));
    continue;
  }
  try {
    new Model(obj).validate();
    console.log(JSON.stringify({ ...result, status: "valid" }));
  } catch (err) {
    console.log(JSON.stringify({ ...result, status: "invalid", error: String(err.message ?? err) }));
  }
}
