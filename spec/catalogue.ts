// The requirement catalogue: every area, in reading order.
import semver from 'semver';
import { api } from './areas/api.js';
import { dgram } from './areas/dgram.js';
import { eco } from './areas/eco.js';
import { env } from './areas/env.js';
import { exit } from './areas/exit.js';
import { life } from './areas/life.js';
import { listen } from './areas/listen.js';
import { msg } from './areas/msg.js';
import { port } from './areas/port.js';
import { query } from './areas/query.js';
import { rr } from './areas/rr.js';
import { setup } from './areas/setup.js';
import { wire } from './areas/wire.js';
import { type Area, CAPABILITIES, type Capability, type Requirement } from './types.js';

export * from './types.js';

export const areas: readonly Area[] = [env, api, setup, msg, query, wire, port, listen, rr, dgram, life, exit, eco];

export const requirements: readonly Requirement[] = areas.flatMap((area) => area.requirements);

const byId = new Map(requirements.map((r) => [r.id, r]));

export function requirement(id: string): Requirement | undefined {
  return byId.get(id);
}

/** What a target claims: Node's behaviour at these versions, with these capabilities. */
export interface Claims {
  claimsNodeVersion: string;
  /** The worker side's claim, where it differs from the primary's. */
  workerClaimsNodeVersion?: string;
  capabilities: ReadonlySet<Capability>;
}

/** Why the target's claimed Node version(s) fall outside the requirement's range, if they do. */
export function outsideRange(req: Requirement, claims: Omit<Claims, 'capabilities'>): string | undefined {
  const primary = claims.claimsNodeVersion;
  const worker = claims.workerClaimsNodeVersion ?? primary;
  const versions =
    req.side === 'primary' ? [primary] : req.side === 'worker' ? [worker] : [...new Set([primary, worker])];
  const outside = versions.find((version) => !semver.satisfies(version, req.nodeVersions));
  if (outside === undefined) return undefined;
  const whose = req.side ? `its ${req.side} side` : 'the target';
  return `${req.id} holds for Node ${req.nodeVersions}; ${whose} claims ${outside}`;
}

/** Which of the requirement's capabilities the target lacks, if any. */
export function missingCapabilities(req: Requirement, capabilities: ReadonlySet<Capability>): string | undefined {
  const missing = req.tags.filter((tag) => !capabilities.has(tag));
  return missing.length > 0 ? `${req.id} needs ${missing.join(', ')}, which the target lacks` : undefined;
}

/** Why a requirement does not apply to a target, or undefined when it does. */
export function inapplicable(req: Requirement, claims: Claims): string | undefined {
  return outsideRange(req, claims) ?? missingCapabilities(req, claims.capabilities);
}

/** Problems in the catalogue itself: duplicate IDs, bad ranges, unknown tags. */
export function catalogueProblems(): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const area of areas) {
    for (const req of area.requirements) {
      if (seen.has(req.id)) problems.push(`${req.id}: duplicate ID`);
      seen.add(req.id);
      if (!req.id.startsWith(`${area.id}-`)) problems.push(`${req.id}: not in area ${area.id}`);
      if (semver.validRange(req.nodeVersions) === null) problems.push(`${req.id}: bad range ${req.nodeVersions}`);
      for (const tag of req.tags) if (!(tag in CAPABILITIES)) problems.push(`${req.id}: unknown tag ${tag}`);
      if (!req.source.docs && !req.source.observed) problems.push(`${req.id}: no source`);
    }
  }
  return problems;
}
