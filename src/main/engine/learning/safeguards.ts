/**
 * Steps that must not reach an analyst unreviewed: destroying data, switching security off, or revealing
 * credentials. An entry containing one is held for review and flagged as risky when shown.
 */

const RISKY: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern:
      /\b(?:delete|drop|wipe|purge|truncate|erase|destroy)\b.{0,40}\b(?:all|every|database|table|data|account|bucket|records?|users?|backups?)\b/i,
    reason: 'deletes data'
  },
  {
    pattern: /\brm\s+-rf?\b|\bDROP\s+(?:TABLE|DATABASE)\b|\bformat\s+(?:the\s+)?(?:disk|drive)\b/i,
    reason: 'deletes data'
  },
  {
    pattern:
      /\b(?:disable|turn off|switch off|bypass|deactivate)\b.{0,30}\b(?:2fa|mfa|two-factor|multi-factor|sso|firewall|antivirus|encryption|security|ssl|tls|certificate (?:check|validation|verification)|audit)/i,
    reason: 'disables a security control'
  },
  {
    pattern: /\bverify\s*=\s*false\b|--insecure\b|\bchmod\s+(?:-R\s+)?777\b/i,
    reason: 'disables a security control'
  },
  {
    pattern:
      /\b(?:send|share|give|post|paste|email|tell)\b.{0,30}\b(?:your|the)\b.{0,15}\b(?:password|passcode|api key|secret|token|private key|credentials?|2fa code|otp)\b/i,
    reason: 'asks for credentials'
  },
  // A value that looks like a secret: eight or more characters with a digit ("token is limited" is not one).
  {
    pattern:
      /\b(?:password|passwd|api[_ -]?key|secret|token)\s*(?:=|:|\bis\b)\s*["']?(?=[^\s"']*\d)[^\s"']{8,}/i,
    reason: 'reveals a credential'
  }
]

/** Why the resolution is risky ("deletes data and reveals a credential"), or null when it is not. */
export function riskOf(resolution: readonly string[]): string | null {
  const reasons = new Set<string>()
  for (const step of resolution)
    for (const rule of RISKY) if (rule.pattern.test(step)) reasons.add(rule.reason)
  return reasons.size ? [...reasons].join(' and ') : null
}
