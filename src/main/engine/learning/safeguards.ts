/**
 * Text that must not reach an analyst or the knowledge base unreviewed: destroying data, running downloaded code,
 * switching security off, asking for or revealing secrets, changing credentials or payment details, and text
 * addressed to the assistant itself (a prompt injection that got through). The same checks apply to learned steps,
 * corrected steps, model answers, next steps, summaries and knowledge cards; a risky entry is held for review and a
 * risky card is shown flagged with the reason.
 *
 * Every pattern is linear (bounded gaps, no nested quantifiers) and the text is clipped, so a check stays cheap.
 */

/**
 * What nobody should ask a customer for: passwords (also as the customers write it in German, French, Spanish,
 * Portuguese and Dutch), keys, tokens, one-time codes, PINs, card secrets, seed phrases. One list for every wording of
 * the request (ask for it, send it, what is it). A word about a secret is not one ("password reset", "token expiry"),
 * nor is "pin" as a verb ("pin the version").
 */
const SECRET = String.raw`(?:password|passcode|passwort|kennwort|mot de passe|contrase[ñn]a|senha|wachtwoord|api[ _-]?key|secret|private key|credentials?|token|(?:2fa|mfa|otp|one[- ]time|verification|authenticator|sms) codes?|otp|pin(?!\s+(?:the|a|an|it|this|that|these|those|your|our|their)\b)|cvv|card number|recovery codes?|seed phrase)\b(?!\s*(?:reset|change|manager|policy|expir\w*|field|page|link|rules?|requirements?|strength))`

const RISKY: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern:
      /(?<!\b(?:never|not|don't|do not|without|avoid)\s)\b(?:delete|drop|wipe|purge|truncate|erase|destroy|l[öo]schen|supprimer|borrar|eliminar)\b.{0,40}\b(?:all|every|database|table|data|account|bucket|records?|users?|backups?|alle|tout|todos?|datos|donn[ée]es)\b/i,
    reason: 'deletes data'
  },
  {
    pattern:
      /\brm\s+-[a-z]*[rf]|\bDROP\s+(?:TABLE|DATABASE|SCHEMA)\b|\bformat\s+(?:the\s+)?(?:disk|drive|[a-z]:)|\bmkfs\b|\bdd\s+if=|\bdel\s+\/[sfq]\b|\bRemove-Item\b.{0,60}-Recurse|\bgit\s+push\s+.{0,30}--force\b|\bTRUNCATE\s+TABLE\b/i,
    reason: 'runs a destructive command'
  },
  {
    // curl/wget output piped into a shell, or a fetched script executed directly.
    pattern:
      /\b(?:curl|wget|iwr|invoke-webrequest|fetch)\b[^\n|]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b[^\n|]{0,200}\|\s*(?:sudo\s+)?(?:python\d?|perl|ruby|node|iex|powershell)\b|\b(?:bash|sh)\s+<\(\s*(?:curl|wget)|\biex\s*\(\s*(?:new-object|iwr|invoke-webrequest)/i,
    reason: 'pipes a download into a shell'
  },
  {
    pattern:
      /\b(?:disabl\w*|turn(?:ed|ing|s)? off|switch(?:ed|ing|es)? off|bypass\w*|deactivat\w*|desactiv\w*|d[ée]sactiv\w*|deaktivier\w*|ausschalten|ausgeschaltet|disattiv\w*|uitschakel\w*)\b.{0,30}\b(?:2fa|mfa|two[- ]factor|multi[- ]factor|2-step|sso|firewall|antivirus|defender|encryption|security|ssl|tls|certificate|audit|logging|selinux|zwei-faktor|double authentification|autenticaci[óo]n de dos|doppia autenticazione)/i,
    reason: 'disables a security control'
  },
  {
    pattern:
      /\b(?:2fa|mfa|two[- ]factor|multi[- ]factor|zwei-faktor\w*)\b.{0,30}\b(?:disable|turn off|switch off|deactivate|deaktivieren|ausschalten|desactivar|d[ée]sactiver)/i,
    reason: 'disables a security control'
  },
  {
    pattern:
      /\bverify\s*=\s*false\b|--insecure\b|--no-check-certificate\b|\bchmod\s+(?:-R\s+)?777\b|\bsetenforce\s+0\b|NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*0/i,
    reason: 'disables a security control'
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:send|share|give|post|paste|email|e-mail|mail|tell|provide|reply with|forward|senden|sende|schicken|schick|nennen|envoy\w*|donne[rz]?|communiqu\w*|enviar|env[ií]e\w*|compart\w*|invia\w*|mandare)\b.{0,30}\b(?:your|the|their|his|her|ihr(?:e|en)?|dein(?:e|en)?|votre|vos|ton|tu|su|sua|il|la|le)\b.{0,15}\b${SECRET}`,
      'i'
    ),
    reason: 'asks for credentials'
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:what is|what's|need|require|ask(?:s|ing)? (?:the customer |them |him |her )?for)\b.{0,25}\b(?:your|their|the customer'?s?|his|her)\b.{0,15}\b${SECRET}`,
      'i'
    ),
    reason: 'asks for credentials'
  },
  // "Ask the user for their current password", "Ask for the admin password", "Request the customer's password",
  // "Get the password from the user", "Have them read you their 2FA code", "tell you the code from their authenticator".
  {
    pattern: new RegExp(
      String.raw`\b(?:ask(?:s|ed|ing)?|request(?:s|ed|ing)?)\b(?:\s+(?:the\s+|your\s+|their\s+|our\s+|this\s+)?\w+)?\s+for\s+(?:(?:the|their|your|his|her|its|an?|our|current|old|admin|account|user'?s|customer'?s|login)\s+){0,3}${SECRET}` +
        String.raw`|\b(?:request|collect|obtain|get|take|note down|write down)\s+(?:the\s+(?:customer|user|caller)'?s?\s+|their\s+|his\s+|her\s+|the\s+)(?:current\s+|admin\s+|account\s+|login\s+)?${SECRET}` +
        String.raw`|\b(?:tell|read|give|send)\s+(?:you|us|me)\b.{0,30}\b(?:${SECRET}|code (?:from|in|on) (?:their|your|the) (?:authenticator|phone|app))`,
      'i'
    ),
    reason: 'asks for credentials'
  },
  // A value that looks like a secret: eight or more characters with a digit ("token is limited" is not one).
  {
    pattern:
      /\b(?:password|passwd|pwd|api[_ -]?key|secret|token|bearer)\s*(?:=|:|\bis\b)\s*["']?(?=[^\s"']{0,80}\d)[^\s"']{8,}/i,
    reason: 'reveals a credential'
  },
  {
    pattern:
      /\b(?:sk|pk|rk)[-_](?:live|test|proj)?[-_]?[A-Za-z0-9]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|\bxox[abps]-[A-Za-z0-9-]{10,}/,
    reason: 'reveals a credential'
  },
  {
    pattern:
      /\b(?:change|reset|update|set|replace|modify|switch)\b.{0,30}\b(?:password|credentials|e-?mail address|login e-?mail|card details)\b.{0,40}\b(?:to|with|for)\b.{0,30}(?:\S+@\S+|\b[A-Z]{2}\d{2}[A-Z0-9 ]{8,}|\b\d{6,}|\battacker|\bthe following\b|\bbelow\b)|\b(?:change|update|set|replace|modify|switch|redirect)\b.{0,30}\b(?:payout|bank (?:account|details)|iban|beneficiary|routing number|wire (?:details|instructions)|payment (?:destination|account))\b.{0,25}\b(?:to|into|with)\b/i,
    reason: 'changes credentials or payment details'
  },
  {
    pattern:
      /\b(?:wire|transfer|send)\b.{0,20}\b(?:money|funds|payment|\$|€|£|\d+\s?(?:usd|eur|gbp|btc))\b.{0,40}\b(?:to|into)\b.{0,20}\b(?:account|wallet|iban|btc|bitcoin)\b|\bgift ?cards?\b/i,
    reason: 'changes credentials or payment details'
  },
  {
    // Text addressed to the assistant rather than the customer: an injection the model repeated or obeyed.
    pattern:
      /\b(?:ignore|disregard|forget|override)\b.{0,30}\b(?:previous|prior|above|earlier|all|your|the)\b.{0,20}\b(?:instructions?|prompts?|rules|guidelines|context)\b|\b(?:ignor\w*|negeer\w*|vergiss|vergeet|oubli\w*|olvid\w*|dimentica\w*)\b.{0,40}(?:anweisungen|instru[cç]\w*|istruzion\w*|instructies|consignes|regeln|r[eè]gles|reglas|regole)|\b(?:new|updated|revised) (?:system )?instructions?\s*:|\byou are now\b|\bsystem prompt\b|\bas an ai (?:language )?model\b|\bdeveloper mode\b|\bjailbreak\b|\[\s*system\s*\]|<\/?\s*(?:system|conversation|knowledge|instructions?)\s*>|^\s*(?:system|assistant)\s*:/im,
    reason: 'contains instructions addressed to the assistant'
  }
]

/** Past this many characters a text is checked in overlapping pieces; a card is never longer in practice. */
const CHUNK = 4_000

/** Why the text is risky ("deletes data and reveals a credential"), or null when it is not. */
export function riskOfText(text: string): string | null {
  return riskOf([text])
}

/** Why the resolution is risky ("deletes data and reveals a credential"), or null when it is not. */
export function riskOf(resolution: readonly string[]): string | null {
  const reasons = new Set<string>()
  for (const step of resolution)
    for (const piece of pieces(normalizeForCheck(step)))
      for (const rule of RISKY) if (rule.pattern.test(piece)) reasons.add(rule.reason)
  return reasons.size ? [...reasons].join(' and ') : null
}

/**
 * Undoes the cheap disguises an injection uses to slip past a word match: zero-width characters, full-width
 * letters, and a base64 payload (decoded and checked along with the text).
 */
function normalizeForCheck(text: string): string {
  const plain = text.normalize('NFKC').replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
  const decoded: string[] = []
  for (const match of plain.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
    const candidate = Buffer.from(match[0], 'base64').toString('utf8')
    // Printable text only: random identifiers decode to noise and are ignored.
    if (/^[\x20-\x7e\s]{12,}$/.test(candidate)) decoded.push(candidate)
    if (decoded.length >= 5) break
  }
  return decoded.length ? `${plain}\n${decoded.join('\n')}` : plain
}

function pieces(text: string): string[] {
  if (text.length <= CHUNK) return [text]
  const out: string[] = []
  for (let start = 0; start < text.length && out.length < 50; start += CHUNK - 200)
    out.push(text.slice(start, start + CHUNK))
  return out
}
