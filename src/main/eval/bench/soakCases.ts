/**
 * The support cases the soak bench plays: a year of a team's tickets about the problems a cloud product's support
 * sees again and again, each told in its own words (names, error codes, figures, regions and wording vary per
 * ticket), so that Vigil's learning merges recurring problems and retrieval has real text to match. Deterministic
 * for a seed. Nothing here is copied from a data set: the phrasings are written for the bench.
 */

export interface SoakFamily {
  subject: string[]
  opening: string[]
  question: string[]
  detail: string[]
  diagnosis: string[]
  resolution: string[]
}

/** Slots filled per ticket: {name} {code} {n} {region} {time} {product} {version} {host}. */
export const soakFamilies: SoakFamily[] = [
  {
    subject: ['SSO login fails with {code}', 'Cannot sign in through Okta', 'SAML error after IdP change'],
    opening: [
      'Since this morning none of our users can sign in with SSO. The login page shows {code} right after the Okta redirect.',
      'Our team gets "{code}: assertion rejected" when logging in through SAML. It worked yesterday.',
      'Single sign-on broke for about {n} people in {region}. They see an error page saying {code} after entering their password.'
    ],
    question: [
      'Did anything change on the identity provider side recently, for example a new signing certificate?',
      'Could you send me the time of one failed attempt and the user it was for?'
    ],
    detail: [
      'Our IT team rotated the IdP signing certificate on Monday, now that I think of it.',
      'One failed attempt was at {time} for a user in {region}. The error repeats on every retry.'
    ],
    diagnosis: [
      'The assertion is signed with a certificate we do not know yet, which is why the login is rejected.',
      'Our logs show the SAML response signed with a new certificate fingerprint that is not in your SSO settings.'
    ],
    resolution: [
      'Upload the new IdP signing certificate under Settings > Security > SSO, keep the old one until every session renewed, then ask users to sign in again.',
      'Replace the certificate in the SSO configuration with the one from your IdP metadata and save; logins work again within a minute.'
    ]
  },
  {
    subject: [
      'API returns HTTP 429',
      'Rate limited on the REST API',
      'Too many requests errors from {product}'
    ],
    opening: [
      'Our integration started getting HTTP 429 Too Many Requests from the API at about {n} calls per minute.',
      'Since the upgrade to {version} our sync job fails with 429 errors every few minutes.',
      'We are rate limited on the REST API although we only send around {n} requests a minute.'
    ],
    question: [
      'Are the requests sent with one API key or several, and do you retry right away after a 429?',
      'Which endpoint returns the 429 most often?'
    ],
    detail: [
      'All jobs share one key, and the client retries immediately, up to five times.',
      'Mostly the bulk export endpoint, but the search endpoint too.'
    ],
    diagnosis: [
      'Immediate retries multiply the load: each 429 turns into several more calls inside the same window.',
      'The key is shared by every job, so together they pass the per-key limit of the plan.'
    ],
    resolution: [
      'Honour the Retry-After header with exponential backoff, and give each job its own API key so their limits are separate.',
      'Batch the calls through the bulk endpoint and retry only after the Retry-After delay; the 429 errors stop.'
    ]
  },
  {
    subject: [
      'Webhook signature check failed',
      'Webhooks rejected by our endpoint',
      'Invalid HMAC on webhook deliveries'
    ],
    opening: [
      'Our endpoint rejects every webhook since {time} because the signature check fails.',
      'Webhook deliveries show "signature mismatch" in our logs for the last {n} events.',
      'We verify the HMAC of each webhook and since yesterday none of them validate.'
    ],
    question: [
      'Did you regenerate the webhook secret, and does your code compute the HMAC over the raw body?',
      'Is there a proxy in front of your endpoint that could change the body?'
    ],
    detail: [
      'Someone regenerated the secret last week, and our framework parses the JSON before we check it.',
      'We added an API gateway that pretty-prints the JSON body.'
    ],
    diagnosis: [
      'The HMAC has to be computed over the exact raw bytes we sent; a parsed and re-serialised body never matches.',
      'The body is changed before verification, so the signature computed on your side differs.'
    ],
    resolution: [
      'Compute the HMAC SHA-256 over the raw request body with the current secret from the webhook settings, before any parsing.',
      'Update the secret in your verifier to the regenerated one and verify against the unmodified body; deliveries validate again.'
    ]
  },
  {
    subject: [
      'Custom domain shows certificate error',
      'SSL error on our custom domain',
      'HTTPS broken on {host}'
    ],
    opening: [
      'Our custom domain {host} shows a certificate warning in every browser since {time}.',
      'Visitors get NET::ERR_CERT_COMMON_NAME_INVALID on {host}.',
      'The certificate on our custom domain expired and did not renew.'
    ],
    question: [
      'Does the CNAME record of the domain still point to our edge?',
      'Did you change DNS providers or add a CAA record lately?'
    ],
    detail: [
      'We moved DNS to a new provider and recreated the records by hand.',
      'There is a CAA record that only allows our old certificate authority.'
    ],
    diagnosis: [
      'The automatic renewal cannot validate the domain because the CNAME no longer points to us.',
      'The CAA record forbids the authority we use, so the renewal is refused.'
    ],
    resolution: [
      'Point the CNAME back to the edge hostname shown under Domains, then press Renew certificate; it is issued within 15 minutes.',
      'Add our certificate authority to the CAA record (or remove it), then trigger the renewal from the Domains page.'
    ]
  },
  {
    subject: [
      'Invoice charged twice',
      'Duplicate charge on our card',
      'Billing shows two payments for {n} seats'
    ],
    opening: [
      'We were charged twice for the monthly invoice, both for {n} seats.',
      'Our card shows two identical payments this month.',
      'Finance noticed a duplicate charge on the last invoice.'
    ],
    question: [
      'Could you send me the two transaction references from your statement?',
      'Were both charges on the same day?'
    ],
    detail: [
      'Both were on the same day, one minute apart; the references end in {n}.',
      'Yes, the second came right after a failed payment retry.'
    ],
    diagnosis: [
      'The payment retry ran although the first attempt had succeeded at the bank, so the invoice was paid twice.',
      'The second charge is a retry of a payment the processor reported as failed but settled.'
    ],
    resolution: [
      'I refunded the duplicate charge; it shows on the card within 5 to 10 business days, and the invoice is marked paid once.',
      'The second payment is refunded in full and the retry is switched off for this invoice.'
    ]
  },
  {
    subject: ['Export to CSV times out', 'Report export never finishes', 'Large export fails with 504'],
    opening: [
      'Exporting the {product} report to CSV runs for minutes and ends with a 504 Gateway Timeout.',
      'Our monthly export of about {n} rows never finishes.',
      'The export button spins and then shows "request timed out".'
    ],
    question: [
      'How many rows and which date range does the export cover?',
      'Does a smaller date range export?'
    ],
    detail: [
      'It is the whole year, about {n} rows; a single month works.',
      'One month exports fine, the full year never does.'
    ],
    diagnosis: [
      'Exports above the synchronous limit time out at the gateway before the file is ready.',
      'The full range is too large for a direct download.'
    ],
    resolution: [
      'Use Schedule export instead: it runs in the background and e-mails a download link when the file is ready.',
      'Split the export by quarter, or use the asynchronous export API, which has no gateway timeout.'
    ]
  },
  {
    subject: ['Emails not delivered', 'Notification e-mails go to spam', 'Password reset e-mails missing'],
    opening: [
      'Our users do not receive notification e-mails since {time}; nothing in spam either.',
      'Password reset e-mails take hours or never arrive for addresses at our company domain.',
      'About {n} customers told us our notification e-mails land in spam.'
    ],
    question: [
      'Do you send from your own domain, and are SPF and DKIM set up for it?',
      'Could you check the bounce log under Settings > E-mail?'
    ],
    detail: [
      'We switched the sender to our own domain last week; I am not sure about DKIM.',
      'The bounce log shows "550 SPF check failed".'
    ],
    diagnosis: [
      'Mail from your domain fails SPF, so receiving servers reject or junk it.',
      'Without a DKIM signature for the new sender domain, providers treat the mail as suspicious.'
    ],
    resolution: [
      'Add our include to the SPF record and publish the two DKIM CNAME records shown under Settings > E-mail, then verify the domain.',
      'Publish the DKIM records and fix SPF; once the domain verifies, delivery is normal again within an hour.'
    ]
  },
  {
    subject: ['Dashboard very slow', 'Pages load slowly in {region}', 'Latency spikes on the dashboard'],
    opening: [
      'The dashboard takes {n} seconds to load for our team in {region} since yesterday.',
      'Everything is slow today: charts time out and the search hangs.',
      'We see latency spikes every afternoon around {time}.'
    ],
    question: [
      'Is it slow for every user or only some, and in which region are they?',
      'Could you share a HAR file of a slow page load?'
    ],
    detail: [
      'Only users in {region}; the HAR shows the API calls waiting several seconds.',
      'All users, mostly on the analytics pages with a one-year range.'
    ],
    diagnosis: [
      'Requests from that region are routed to a distant edge after a DNS change on your network.',
      'The analytics queries over a full year are recomputed on every load.'
    ],
    resolution: [
      'Switch the workspace to the regional endpoint under Settings > Region and clear the DNS cache; load times return to normal.',
      'Enable cached analytics for long ranges and set the default range to 30 days; pages load in under two seconds.'
    ]
  },
  {
    subject: [
      'Mobile app crashes on start',
      'App crash after update {version}',
      'iOS app closes immediately'
    ],
    opening: [
      'Since the update to {version} the mobile app crashes right after the splash screen.',
      'The iOS app closes as soon as we open it, for about {n} of our users.',
      'Android users report that the app crashes at login.'
    ],
    question: [
      'Which OS version are the affected phones on?',
      'Does it also crash after reinstalling the app?'
    ],
    detail: [
      'They are all on the latest OS; reinstalling does not help.',
      'Only phones with the old offline cache enabled crash.'
    ],
    diagnosis: [
      'The new version cannot read the offline cache written by the old one and crashes while migrating it.',
      'A cache migration in {version} fails on phones that had offline mode enabled.'
    ],
    resolution: [
      'Update to the hotfix release now in the stores; until then, clearing the app storage lets it start.',
      'Clear the app data (or offload and reinstall) and sign in again; the hotfix prevents it for everyone else.'
    ]
  },
  {
    subject: ['Data import fails with encoding error', 'CSV import rejects rows', 'Import stops at row {n}'],
    opening: [
      'Importing our customer list fails at row {n} with "invalid byte sequence".',
      'The CSV import rejects half of the rows with an encoding error.',
      'Our import from the old system stops with an error about UTF-8.'
    ],
    question: [
      'Which program saved the CSV file, and with which encoding?',
      'Could you send the first lines of the file?'
    ],
    detail: [
      'It was exported from Excel as CSV on Windows.',
      'The names with accents are the rows that fail.'
    ],
    diagnosis: [
      'The file is saved in Windows-1252, and the importer expects UTF-8, so accented characters break the rows.',
      'Excel saved the CSV in a legacy encoding.'
    ],
    resolution: [
      'Save the file as "CSV UTF-8" in Excel (or convert it) and import again; all rows go through.',
      'Choose the file encoding in the import dialog, or re-export as UTF-8; the rejected rows import fine.'
    ]
  },
  {
    subject: ['Two-factor codes rejected', 'MFA code always invalid', 'Locked out by 2FA'],
    opening: [
      'My authenticator codes are always rejected as invalid since I got a new phone.',
      'Users in {region} cannot log in because their two-factor codes are refused.',
      'I am locked out: the 2FA code is wrong every time.'
    ],
    question: [
      'Is the time on the phone set automatically?',
      'Did you move the authenticator to a new device?'
    ],
    detail: [
      'The phone clock was set by hand and is a few minutes off.',
      'Yes, I restored the authenticator from a backup.'
    ],
    diagnosis: [
      'Time-based codes only match when the phone clock is right; a few minutes off makes every code invalid.',
      'The restored authenticator holds an old secret.'
    ],
    resolution: [
      'Turn on automatic date and time on the phone and use a fresh code; if it still fails, an admin can reset 2FA for the user.',
      'Use a recovery code to sign in, then set up two-factor again under Profile > Security.'
    ]
  },
  {
    subject: ['Storage quota exceeded', 'Uploads fail: quota full', 'Cannot upload files'],
    opening: [
      'Uploads fail with "storage quota exceeded" although we deleted {n} GB last week.',
      'Nobody on the team can upload attachments since {time}.',
      'We hit the storage limit and uploads are blocked.'
    ],
    question: ['Did you empty the trash after deleting the files?', 'Do you keep file versions?'],
    detail: [
      'We deleted them, but I do not think anyone emptied the trash.',
      'Versioning is on, with unlimited versions.'
    ],
    diagnosis: [
      'Deleted files stay in the trash for 30 days and still count toward the quota.',
      'Old versions of large files use most of the quota.'
    ],
    resolution: [
      'Empty the trash under Storage > Trash (admins only); the space is freed within minutes and uploads work again.',
      'Limit versions to 10 per file under Storage settings and purge older versions.'
    ]
  }
]

export const soakNames = [
  'Avery',
  'Jordan',
  'Priya',
  'Mateo',
  'Chen',
  'Fatima',
  'Lukas',
  'Sofia',
  'Kwame',
  'Ines',
  'Noah',
  'Yuki'
]
export const soakAnalysts = ['Sam Carter', 'Dana Whitfield', 'Ravi Menon', 'Elena Petrova']
export const soakRegions = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'eu-central-1', 'us-west-2']
export const soakProducts = ['Billing', 'Analytics', 'Inventory', 'Audit log', 'Usage']

export const soakSmallTalk = {
  customerFollowUp: [
    'Thanks, I will check that with our IT team and come back to you.',
    'Here is what I found so far; let me know if you need more.',
    'We tried again at {time} and it is the same.',
    'Is there a workaround while we look into it?'
  ],
  analystFollowUp: [
    'Thanks for the details, that helps. I am looking at our logs now.',
    'Understood. One more question so I can confirm the cause.',
    'I can see the failed requests on our side as well.'
  ],
  thanks: [
    'That fixed it, thank you very much!',
    'Works again, thanks for the quick help.',
    'Confirmed, everything is back to normal. Thanks!'
  ],
  again: ['It happened again this morning, same symptoms as last time.', 'The problem is back since {time}.']
}
