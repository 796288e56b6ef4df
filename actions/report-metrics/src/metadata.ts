// Generated from action.yml by `npm run docs` (scripts/lib/metadata.ts); do not edit.
import type { ActionMetadata } from '../../../shared/input-env.ts';

export const metadata: ActionMetadata = {
  action: "report-metrics",
  inputs: {
    "workflow": null,
    "repositories": null,
    "branch": null,
    "event": null,
    "window": "7d",
    "baseline-window": "28d",
    "regression-threshold": "20",
    "regression-min-delta": "30s",
    "significance": "0.01",
    "min-samples": "20,8",
    "scope": "workflow",
    "max-api-calls": "300",
    "records": null,
    "dora-environments": null,
    "export": "none",
    "export-headers": null,
    "export-timeout": "60s",
    "fail-on-export-error": "false",
    "sample-resources": "false",
    "sample-interval": "5s",
    "alert": "annotation",
    "confirm-runs": "3",
    "dry-run": "false",
    "github-token": "${{ github.token }}",
    "api-timeout": "5m",
    "log-format": "text",
  },
};
