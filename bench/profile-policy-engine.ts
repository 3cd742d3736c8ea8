/**
 * A loop of iamfa decisions only, to profile the engine:
 *   node --cpu-prof --cpu-prof-dir=.iamfa/profiles --import tsx bench/profile-policy-engine.ts [seed|200] [seconds]
 * then open the .cpuprofile in Chrome DevTools (Performance) or VS Code. Under tsx, esbuild's
 * keepNames adds a `__name(…)` call wherever a function is created, which a build by tsc has not.
 */
import { RequestContext, type AuthorizationRequest } from '../src/policy/index.js';
import { compile, seedBundle, twoHundredStatements } from './policy-engine.js';

const scenario = process.argv[2] === '200' ? await twoHundredStatements() : await seedBundle();
const seconds = Number(process.argv[3] ?? 5);
const set = compile(scenario.policies);
const requests: AuthorizationRequest[] = scenario.requests.map((r) => ({
  action: r.action,
  resource: r.resource,
  context: new RequestContext(r.context),
}));

let sink = 0;
let decisions = 0;
const end = process.hrtime.bigint() + BigInt(seconds * 1e9);
const start = process.hrtime.bigint();
while (process.hrtime.bigint() < end) {
  for (let i = 0; i < 10_000; i++)
    sink += set.evaluate(requests[i % requests.length] as AuthorizationRequest).decision.length;
  decisions += 10_000;
}
const ns = Number(process.hrtime.bigint() - start) / decisions;
console.log(`${scenario.name}: ${decisions} decisions, ${ns.toFixed(0)} ns each (checksum ${sink % 997})`);
