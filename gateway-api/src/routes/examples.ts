import type { TxInput } from '../fabric/registry';

/**
 * The example project registration of the API document (`POST /v1/projects`): a solar project in Ghana assigned to
 * the demo certifier's account. The demo registers it (with its own title and accounts) and the integration tests
 * start from it, so the document's example is one that the registry accepts.
 */
export const PROJECT_EXAMPLE = {
  title: 'Solar mini-grids, Northern Region',
  sector: 'Energy generation',
  activityType: 'Solar',
  methodology: 'AMS-I.L',
  location: { country: 'GHA', region: 'Northern' },
  creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
  estimatedAnnualReductions: 10_000,
  certifierAccountId: 'CERT-VVB1',
  documents: [
    {
      type: 'PDD',
      uri: 'https://docs.example.org/pdd.pdf',
      sha256: '9f2c1a7e5b3d8c4f6a0e1b2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    },
  ],
} as const satisfies TxInput<'projects:RegisterProject'>;
