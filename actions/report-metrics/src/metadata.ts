// Generated from action.yml by `npm run docs` (scripts/lib/metadata.ts); do not edit.
import type { ActionMetadata } from '../../../shared/input-env.ts';

export const metadata: ActionMetadata = {
  action: "report-metrics",
  inputs: {
    "workflow": null,
    "branch": null,
    "window": "7d",
    "baseline-window": "28d",
    "regression-threshold": "20",
    "records": null,
    "export": "none",
    "alert": "annotation",
    "github-token": "${{ github.token }}",
    "log-format": "text",
  },
};
