import { common, msp, peer } from '@hyperledger/fabric-protos';

const ROLE_NAMES = new Map<number, string>(
  Object.entries(msp.MSPRole.MSPRoleType).map(([name, value]) => [value as number, name.toLowerCase()]),
);

function principalText(principal: msp.MSPPrincipal | undefined): string {
  if (principal?.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) return '?';
  const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
  return `'${role.getMspIdentifier()}.${ROLE_NAMES.get(role.getRole()) ?? '?'}'`;
}

function ruleText(rule: common.SignaturePolicy | undefined, principals: msp.MSPPrincipal[]): string {
  if (rule === undefined) return '?';
  if (rule.getTypeCase() === common.SignaturePolicy.TypeCase.SIGNED_BY) {
    return principalText(principals[rule.getSignedBy()]);
  }
  const nOutOf = rule.getNOutOf();
  const rules = (nOutOf?.getRulesList() ?? []).map((r) => ruleText(r, principals));
  const n = nOutOf?.getN() ?? 0;
  if (n === rules.length) return `AND(${rules.join(',')})`;
  if (n === 1) return `OR(${rules.join(',')})`;
  return `OutOf(${n},${rules.join(',')})`;
}

/**
 * A chaincode definition's endorsement policy (its validation parameter, an ApplicationPolicy) in the syntax of
 * `peer lifecycle --signature-policy`, or the channel policy it refers to.
 */
export function endorsementPolicyText(validationParameter: Uint8Array): string {
  const policy = peer.ApplicationPolicy.deserializeBinary(validationParameter);
  if (policy.getTypeCase() === peer.ApplicationPolicy.TypeCase.CHANNEL_CONFIG_POLICY_REFERENCE) {
    return policy.getChannelConfigPolicyReference();
  }
  const envelope = policy.getSignaturePolicy();
  return ruleText(envelope?.getRule(), envelope?.getIdentitiesList() ?? []);
}
